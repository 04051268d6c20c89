package org.kmodsim.kernel.printk;

import java.util.List;
import org.kmodsim.cpu.Capability;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.FunctionName;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;

/**
 * The printk commands of the step language (include/linux/printk.h, kernel/panic.c):
 *
 * <ul>
 *   <li>{@code printk [KERN_LEVEL] FORMAT [ARG...]}: the level as C writes it, {@code printk
 *       KERN_INFO "text"} (KERN_EMERG .. KERN_DEBUG, KERN_CONT, KERN_DEFAULT; the same in every
 *       era, stored with the era's encoding); a literal "&lt;N&gt;" at the start of FORMAT is what
 *       the era's printk makes of it, a level before 3.6 and text since ({@link KernLevels}).
 *       FORMAT may end with a newline, written {@code \n} as in C, which closes the line for
 *       KERN_CONT;
 *   <li>{@code pr_emerg} .. {@code pr_debug}, {@code pr_warn}, {@code pr_warning}, {@code pr_cont}:
 *       the helpers of the era's header (pr_debug prints only with kmodsim.printk.pr-debug);
 *   <li>{@code printk_once} and {@code printk_ratelimited} (2.6.33+), gated per call site (a format
 *       within its module function); {@code printk_ratelimit} (2.6+), the C predicate on the one
 *       shared printk_ratelimit_state, for {@code if} blocks; {@code printk_deferred} (3.16+);
 *   <li>{@code panic MESSAGE} and {@code oops MESSAGE}.
 * </ul>
 *
 * Arguments are formatted when the line is parsed ({@link PrintkLine}); the step sends the record
 * to Printk and waits until printk() returns, so the CPU pays the console cost of the era's
 * delivery mode. The C return value is the stored text length.
 */
public final class PrintkSteps {
  private static final String[] HELPERS = {
    "pr_emerg", "pr_alert", "pr_crit", "pr_err", "pr_warn", "pr_notice", "pr_info", "pr_debug"
  };

  /** The step words whose first argument may be a KERN_* level (their synopsis' [KERN_LEVEL]). */
  private static final List<String> LEVELED =
      List.of("printk", "printk_once", "printk_deferred", "printk_ratelimited");

  private final PrintkSettings settings;
  private final PrintkEra era;
  private final long key;

  public PrintkSteps(PrintkSettings settings, long pointerKey) {
    this.settings = settings;
    this.era = PrintkEra.of(settings.era());
    this.key = pointerKey;
  }

  public void register(Commands commands) {
    String synopsis = " [KERN_LEVEL] FORMAT [ARG...]";
    commands.register("printk" + synopsis, args -> printk(args, null));
    commands.register(
        "printk_once" + synopsis + " (2.6 and later)",
        args -> printk(since("printk_once", args), "once:"));
    commands.register(
        "printk_deferred" + synopsis + " (4.x and later)",
        args -> deferred(PrintkLine.printk(since("printk_deferred", args), null, settings, key)));
    commands.register(
        "printk_ratelimited" + synopsis + " (4.x and later)",
        args -> printk(since("printk_ratelimited", args), "ratelimit:"));
    commands.register(
        "printk_ratelimit (2.6 and later; 1 to print, 0 when the shared limit is reached)",
        args -> printkRatelimit(since("printk_ratelimit", args)));
    for (int level = 0; level < HELPERS.length; level++) {
      int fixed = level;
      String name = HELPERS[level];
      commands.register(name + " FORMAT [ARG...]", args -> helper(fixed, since(name, args)));
    }
    commands.register(
        "pr_warning FORMAT [ARG...] (2.6 and 4.x)",
        args -> helper(Loglevel.KERN_WARNING.number(), since("pr_warning", args)));
    commands.register(
        "pr_cont FORMAT [ARG...]",
        args -> step(PrintkLine.helper(Loglevel.DEFAULT, true, args, settings, key)));
    commands.register("panic MESSAGE", args -> new PanicStep(PrintkLine.message(args)));
    commands.register(
        "oops MESSAGE (the oops path of a kernel BUG on this CPU)",
        args -> oops(PrintkLine.message(args)));
  }

  /**
   * What may follow {@code step} as its level, for the shell's Tab completion: the era's KERN_*
   * macros after a printk word that takes a level and that the era has; nothing after any other
   * word (a pr_* helper's level is in its name, its first argument is the format).
   */
  public static List<String> levelMacros(String step, Era era) {
    return LEVELED.contains(step) && PrintkEra.of(era).lacks(step) == null
        ? KernLevels.macros(era)
        : List.of();
  }

  /** {@code args}, when the era has {@code macro}; else the refusal of a step the era lacks. */
  private List<String> since(String macro, List<String> args) {
    String why = era.lacks(macro);
    if (why != null) {
      throw new IllegalArgumentException(
          settings.era().release() + " has no " + macro + " (" + why + ")");
    }
    return args;
  }

  /**
   * printk_ratelimit(): __printk_ratelimit(__func__) on printk_ratelimit_state, a C return value of
   * 1 (go ahead) or 0, for {@code {if = "printk_ratelimit", then = [...]}}.
   */
  private static Step printkRatelimit(List<String> args) {
    if (!args.isEmpty()) {
      throw new IllegalArgumentException("takes no arguments");
    }
    return Step.of(
        "printk_ratelimit",
        cpu ->
            cpu.request(
                Printk.KEY,
                r -> new Printk.PrintkRatelimit(FunctionName.running(cpu), r),
                Printk.RatelimitReturned.class,
                (c, answer) -> c.returning(answer.ret())));
  }

  private Step printk(List<String> args, String gate) {
    return step(PrintkLine.printk(args, gate, settings, key));
  }

  /** printk(): the store cost on the CPU if any, then the record to Printk, then wait. */
  private Step step(PrintkLine call) {
    long cost = settings.storeCostNanos();
    return Step.of(
        "printk",
        cpu -> cost > 0 ? cpu.busyFor(cost, (c, woken) -> emit(c, call)) : emit(cpu, call));
  }

  /** A pr_* helper; pr_debug without DEBUG is compiled out: does nothing, returns 0. */
  private Step helper(int level, List<String> args) {
    if (level == Loglevel.KERN_DEBUG.number() && !settings.debugMessages()) {
      PrintkLine.first(args);
      return Step.of("pr_debug", cpu -> cpu.returning(0));
    }
    return step(PrintkLine.helper(level, false, args, settings, key));
  }

  /**
   * printk_deferred() (3.16+, printk_sched before): stores the record and never prints from the
   * caller; irq_work prints it later, so the CPU goes on at once.
   */
  private static Step deferred(PrintkLine printk) {
    Printk.Log log = new Printk.Log(printk.level(), printk.text());
    return Step.of(
        "printk_deferred",
        cpu -> {
          cpu.send(Printk.KEY, log);
          return cpu.returning(log.text().length());
        });
  }

  /**
   * An oops on this CPU (arch/x86/kernel/dumpstack.c __die, reduced): the report goes to the log
   * and the consoles; the task is killed (the program stops) unless panic_on_oops panics.
   */
  private static Step oops(String message) {
    return Step.of("oops", cpu -> oops(cpu, message, "0002", (c, done) -> c.killing()));
  }

  /** The report's first lines of an oops: the bug, the error code, the CPU and task. */
  public static List<String> oopsFirstLines(int cpu, String message, String code) {
    String task = "CPU: " + cpu + " PID: " + (1000 + cpu) + " Comm: kmodsim Not tainted";
    return List.of("BUG: " + message, "Oops: " + code + " [#1] SMP", task);
  }

  /**
   * printk's oops path with the report's first lines ({@link #oopsFirstLines}); then {@code then}.
   */
  public static StepResult oops(
      CpuContext cpu, String message, String code, Then<Printk.OopsDone> then) {
    List<String> lines = oopsFirstLines(cpu.cpuId(), message, code);
    return cpu.request(
        Printk.KEY,
        r -> new Printk.Oops(cpu.cpuId(), message, lines, r),
        Printk.OopsDone.class,
        then);
  }

  /** restricted_pointer() reads kptr_restrict (Kallsyms's) and current's CAP_SYSLOG now. */
  private static StepResult emit(CpuContext cpu, PrintkLine call) {
    if (call.restricted() == null || !cpu.services().has(Kallsyms.KEY)) {
      return store(cpu, call);
    }
    boolean capSyslog = cpu.cred().has(Capability.CAP_SYSLOG);
    return cpu.request(
        Kallsyms.KEY,
        Kallsyms.KptrRestrictNow::new,
        Kallsyms.KptrRestrictIs.class,
        (c, now) ->
            store(
                c, call.restricted().with(new PrintkFormat.PointerAccess(now.value(), capSyslog))));
  }

  private static StepResult store(CpuContext cpu, PrintkLine call) {
    if (call.warning() != null) {
      cpu.send(Printk.KEY, new Printk.Log(Loglevel.KERN_WARNING.number(), call.warning()));
    }
    return cpu.request(
        Printk.KEY,
        replyTo -> call.emit(cpu.cpuId(), FunctionName.running(cpu), replyTo),
        Printk.Emitted.class,
        (c, emitted) -> {
          if (emitted.latencyNanos() > 0) { // the console held the caller
            c.trace(PrintkTrace.RETURNED.with(c.cpuId(), emitted.seq(), emitted.latencyNanos()));
          }
          return c.returning(emitted.length());
        });
  }

  /**
   * panic(): the CPU never comes back; Printk stops the others and halts the machine. The panic
   * reads tainted_mask (/proc/sys/kernel/tainted: the loader owns it) for dump_stack's task line.
   */
  @Step.Named("panic")
  record PanicStep(String message) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      return !cpu.services().has(Vfs.KEY)
          ? panic(cpu, null)
          : cpu.request(
              Vfs.KEY, r -> PrintTainted.read(cpu.cred(), r), FileReply.class, this::panic);
    }

    private StepResult panic(CpuContext cpu, FileReply tainted) {
      cpu.send(
          Printk.KEY, new Printk.Panic(cpu.cpuId(), message, false, PrintTainted.mask(tainted)));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object anything) {
      return StepResult.WAIT; // panic() does not return
    }
  }
}
