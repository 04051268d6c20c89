package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The printk commands of the step language (include/linux/printk.h, kernel/panic.c):
 *
 * <ul>
 *   <li>{@code printk FORMAT [ARG...]}: FORMAT may start with a level "&lt;N&gt;" or "&lt;c&gt;"
 *       (written this way in every era; stored with the era's encoding) and may end with a newline,
 *       written {@code \n} as in C, which closes the line for KERN_CONT;
 *   <li>{@code pr_emerg} .. {@code pr_debug}, {@code pr_warn}, {@code pr_cont}: the helpers
 *       (pr_debug prints only with kmodsim.printk.pr-debug);
 *   <li>{@code printk_once} and {@code printk_ratelimited}, gated per format string (a call site of
 *       the step language is its format); {@code printk_deferred};
 *   <li>{@code panic MESSAGE} and {@code oops MESSAGE}.
 * </ul>
 *
 * Arguments are formatted when the line is parsed, with the kernel's vsnprintf rules; the step
 * sends the record to Printk and waits until printk() returns, so the CPU pays the console cost of
 * the era's delivery mode. The C return value is the stored text length.
 */
public final class PrintkSteps {
  private static final String[] HELPERS = {
    "pr_emerg", "pr_alert", "pr_crit", "pr_err", "pr_warn", "pr_notice", "pr_info", "pr_debug"
  };

  private final PrintkSettings settings;
  private final long pointerKey;

  public PrintkSteps(PrintkSettings settings, long pointerKey) {
    this.settings = settings;
    this.pointerKey = pointerKey;
  }

  public void register(Commands commands) {
    commands.register("printk", "printk [<N>]FORMAT [ARG...]", args -> printk(args, null));
    commands.register(
        "printk_once", "printk_once [<N>]FORMAT [ARG...]", args -> printk(args, "once:"));
    commands.register(
        "printk_deferred",
        "printk_deferred [<N>]FORMAT [ARG...]",
        args -> deferred(printk(args, null)));
    commands.register(
        "printk_ratelimited",
        "printk_ratelimited [<N>]FORMAT [ARG...]",
        args -> printk(args, "ratelimit:"));
    for (int level = 0; level < HELPERS.length; level++) {
      int fixed = level;
      commands.register(
          HELPERS[level], HELPERS[level] + " FORMAT [ARG...]", args -> helper(fixed, args));
    }
    commands.register(
        "pr_cont",
        "pr_cont FORMAT [ARG...]",
        args -> make(Loglevel.DEFAULT, true, first(args), args.subList(1, args.size()), null));
    commands.register("panic", "panic MESSAGE", args -> new PanicStep(message(args)));
    commands.register(
        "oops",
        "oops MESSAGE (the oops path of a kernel BUG on this CPU)",
        args -> new OopsStep(message(args)));
  }

  /** printk, printk_once ({@code gate} "once:"), printk_ratelimited ("ratelimit:"). */
  private PrintkStep printk(List<String> args, String gate) {
    String format = first(args);
    String site = gate == null ? null : gate + format;
    int level = Loglevel.DEFAULT;
    boolean cont = false;
    if (format.length() >= 3 && format.charAt(0) == '<' && format.charAt(2) == '>') {
      char c = format.charAt(1);
      if (c >= '0' && c <= '7') {
        level = c - '0';
        format = format.substring(3);
      } else if (c == 'c' || c == 'd') {
        cont = c == 'c';
        format = format.substring(3);
      }
    }
    return make(level, cont, format, args.subList(1, args.size()), site);
  }

  private Step helper(int level, List<String> args) {
    if (level == Loglevel.KERN_DEBUG.number() && !settings.debugMessages()) {
      first(args);
      return new Silent("pr_debug");
    }
    return make(level, false, first(args), args.subList(1, args.size()), null);
  }

  private PrintkStep make(int level, boolean cont, String format, List<String> args, String gate) {
    if (format.equals(">") || args.contains(">")) {
      throw new IllegalArgumentException(
          "a shell would take '>' as a redirection: quote the" + " format, as in printk '<6>text'");
    }
    PrintkFormat.Formatted formatted =
        PrintkFormat.format(format, new ArrayList<>(args), settings.era(), pointerKey);
    String text = formatted.text();
    // The newline ends the line; a trailing backslash-n is the C escape a shell word cannot hold.
    boolean newline = text.endsWith("\n") || text.endsWith("\\n");
    if (newline) {
      text = text.substring(0, text.length() - (text.endsWith("\n") ? 1 : 2));
    }
    return new PrintkStep(
        level, cont, newline, text, gate, formatted.warning(), settings.storeCostNanos());
  }

  private static String first(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a format");
    }
    return args.get(0);
  }

  private static String message(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a message");
    }
    return String.join(" ", args);
  }

  /**
   * printk_deferred() (3.16+, printk_sched before): stores the record and never prints from the
   * caller; irq_work prints it later, so the CPU goes on at once.
   */
  private static Step deferred(PrintkStep printk) {
    return new Deferred(printk.level(), printk.text());
  }

  record Deferred(int level, String text) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(Printk.KEY), new Printk.Log(level, text));
      return cpu.returning(text.length());
    }

    @Override
    public String name() {
      return "printk_deferred";
    }
  }

  /** A helper compiled out (pr_debug without DEBUG): does nothing, returns 0. */
  record Silent(String name) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      return cpu.returning(0);
    }
  }

  /**
   * An oops on this CPU (arch/x86/kernel/dumpstack.c __die, reduced): the report goes to the log
   * and the consoles; the task is killed (the program stops) unless panic_on_oops panics.
   */
  record OopsStep(String message) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      List<String> lines =
          List.of(
              "BUG: " + message,
              "Oops: 0002 [#1] SMP",
              "CPU: "
                  + cpu.cpuId()
                  + " PID: "
                  + (1000 + cpu.cpuId())
                  + " Comm: kmodsim Not tainted");
      return cpu.request(
          Printk.KEY,
          replyTo -> new Printk.Oops(cpu.cpuId(), message, lines, replyTo),
          Printk.OopsDone.class,
          (c, done) -> {
            c.killTask();
            return StepResult.NEXT;
          });
    }

    @Override
    public String name() {
      return "oops";
    }
  }

  /** printk(): the store cost on the CPU if any, then the record to Printk, then wait. */
  record PrintkStep(
      int level,
      boolean cont,
      boolean newline,
      String text,
      String gate,
      String warning,
      long storeCostNanos)
      implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      return storeCostNanos > 0 ? cpu.busyFor(storeCostNanos, (c, woken) -> emit(c)) : emit(cpu);
    }

    private StepResult emit(CpuContext cpu) {
      if (warning != null) {
        cpu.send(
            cpu.services().get(Printk.KEY),
            new Printk.Log(Loglevel.KERN_WARNING.number(), warning));
      }
      return cpu.request(
          Printk.KEY,
          replyTo -> new Printk.Emit(cpu.cpuId(), level, cont, newline, text, false, gate, replyTo),
          Printk.Emitted.class,
          (c, emitted) -> {
            if (emitted.latencyNanos() > 0) { // the console held the caller
              c.trace(PrintkTrace.RETURNED.with(c.cpuId(), emitted.seq(), emitted.latencyNanos()));
            }
            c.setResult(emitted.length());
            return StepResult.NEXT;
          });
    }

    @Override
    public String name() {
      return "printk";
    }
  }

  /** panic(): the CPU never comes back; Printk stops the others and halts the machine. */
  record PanicStep(String message) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(Printk.KEY), new Printk.Panic(cpu.cpuId(), message));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object anything) {
      return StepResult.WAIT; // panic() does not return
    }

    @Override
    public String name() {
      return "panic";
    }
  }
}
