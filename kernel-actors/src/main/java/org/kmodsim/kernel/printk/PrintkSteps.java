package org.kmodsim.kernel.printk;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The printk commands of the step language (include/linux/printk.h):
 *
 * <ul>
 *   <li>{@code printk FORMAT [ARG...]}: FORMAT may start with a level "&lt;N&gt;" or "&lt;c&gt;"
 *       (written this way in every era; stored with the era's encoding) and may end with a
 *       newline, written {@code \n} as in C, which closes the line for KERN_CONT;
 *   <li>{@code pr_emerg} .. {@code pr_debug}, {@code pr_warn}, {@code pr_cont}: the helpers
 *       (pr_debug prints only with kmodsim.printk.pr-debug);
 *   <li>{@code printk_once} and {@code printk_ratelimited}, gated per format string (a call
 *       site of the step language is its format);
 *   <li>{@code panic MESSAGE}.
 * </ul>
 *
 * Arguments are formatted when the line is parsed, with the kernel's vsnprintf rules; the step
 * sends the record to Printk and waits until printk() returns, so the CPU pays the console cost
 * of the era's delivery mode. The C return value is the stored text length.
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
    commands.register("printk_once", "printk_once [<N>]FORMAT [ARG...]",
        args -> printk(args, "once:"));
    commands.register("printk_deferred", "printk_deferred [<N>]FORMAT [ARG...]",
        this::deferred);
    commands.register("printk_ratelimited", "printk_ratelimited [<N>]FORMAT [ARG...]",
        args -> printk(args, "ratelimit:"));
    for (int level = 0; level < HELPERS.length; level++) {
      int fixed = level;
      commands.register(HELPERS[level], HELPERS[level] + " FORMAT [ARG...]",
          args -> helper(fixed, args));
    }
    commands.register("pr_cont", "pr_cont FORMAT [ARG...]", this::cont);
    commands.register("panic", "panic MESSAGE", PrintkSteps::panic);
    commands.register("oops", "oops MESSAGE (the oops path of a kernel BUG on this CPU)",
        PrintkSteps::oops);
    SyslogSteps.register(commands, settings.era());
  }

  private Step printk(List<String> args, String gate) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a format");
    }
    String format = args.get(0);
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
    return make(level, cont, format, args.subList(1, args.size()),
        gate == null ? null : gate + args.get(0));
  }

  /**
   * printk_deferred() (3.16+, printk_sched before): stores the record and never prints from the
   * caller; irq_work prints it later, so the CPU goes on at once.
   */
  private Step deferred(List<String> args) {
    PrintkStep step = (PrintkStep) printk(args, null);
    return new Deferred(step.level(), step.text());
  }

  record Deferred(int level, String text) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(Printk.KEY), new Printk.Log(level, text));
      cpu.setResult(text.length());
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "printk_deferred";
    }
  }

  private Step helper(int level, List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a format");
    }
    if (level == Loglevel.KERN_DEBUG.number() && !settings.debugMessages()) {
      return new Silent("pr_debug");
    }
    return make(level, false, args.get(0), args.subList(1, args.size()), null);
  }

  private Step cont(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a format");
    }
    return make(Loglevel.DEFAULT, true, args.get(0), args.subList(1, args.size()), null);
  }

  private Step make(int level, boolean cont, String format, List<String> args, String gate) {
    if (format.equals(">") || args.contains(">")) {
      throw new IllegalArgumentException("a shell would take '>' as a redirection: quote the"
          + " format, as in printk '<6>text'");
    }
    PrintkFormat.Formatted formatted =
        PrintkFormat.format(format, new ArrayList<>(args), settings.era(), pointerKey);
    String text = formatted.text();
    // The newline ends the line; a trailing backslash-n is the C escape a shell word cannot hold.
    boolean newline = text.endsWith("\n") || text.endsWith("\\n");
    if (newline) {
      text = text.substring(0, text.length() - (text.endsWith("\n") ? 1 : 2));
    }
    return new PrintkStep(level, cont, newline, text, gate, formatted.warning(),
        settings.storeCostNanos());
  }

  private static Step panic(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a message");
    }
    return new PanicStep(String.join(" ", args));
  }

  private static Step oops(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a message");
    }
    return new OopsStep(String.join(" ", args));
  }

  /**
   * An oops on this CPU (arch/x86/kernel/dumpstack.c __die, reduced): the report goes to the log
   * and the consoles; the task is killed (the program stops) unless panic_on_oops panics.
   */
  record OopsStep(String message) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      List<String> lines = List.of("BUG: " + message, "Oops: 0002 [#1] SMP",
          "CPU: " + cpu.cpuId() + " PID: " + (1000 + cpu.cpuId()) + " Comm: kmodsim Not tainted");
      cpu.send(cpu.services().get(Printk.KEY),
          new Printk.Oops(cpu.cpuId(), message, lines, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      cpu.killTask();
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "oops";
    }
  }

  /** printk(): optional store cost on the CPU, then the record to Printk, then wait. */
  record PrintkStep(int level, boolean cont, boolean newline, String text, String gate,
      String warning,
      long storeCostNanos) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      if (storeCostNanos > 0) {
        return cpu.busyFor(storeCostNanos);
      }
      return emit(cpu);
    }

    private StepResult emit(CpuContext cpu) {
      ActorRef<Printk.Command> printk =
          cpu.services().get(Printk.KEY);
      if (warning != null) {
        cpu.send(printk, new Printk.Log(
            Loglevel.KERN_WARNING.number(), warning));
      }
      cpu.send(printk, new Printk.Emit(cpu.cpuId(), level, cont, newline, text,
          false, gate, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      if (!(reply instanceof Printk.Emitted)) {
        return emit(cpu); // the store cost has passed
      }
      cpu.setResult(((Printk.Emitted) reply).length());
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "printk";
    }
  }

  /** A helper compiled out (pr_debug without DEBUG): does nothing, returns 0. */
  record Silent(String name) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.setResult(0);
      return StepResult.NEXT;
    }
  }

  /** panic(): the CPU never comes back; Printk stops the others and halts the machine. */
  record PanicStep(String message) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(Printk.KEY),
          new Printk.Panic(cpu.cpuId(), message));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      return StepResult.WAIT; // panic() does not return
    }

    @Override
    public String name() {
      return "panic";
    }
  }

}
