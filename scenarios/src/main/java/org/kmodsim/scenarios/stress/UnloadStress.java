package org.kmodsim.scenarios.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.If;
import org.kmodsim.cpu.Measure;
import org.kmodsim.cpu.Repeat;
import org.kmodsim.cpu.SetResult;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.ProgramSpec;

/**
 * Unload while in use: N worker CPUs loop "take a reference, call into the module, drop the
 * reference" on a sample module (usedev, or usedev24 in 2.4) while one more CPU loops rmmod (-f
 * with force) and insmod. The reference is taken the way the era does it: 2.4 modules count
 * themselves with MOD_INC_USE_COUNT inside their open function (the window the lecture shows); 2.6
 * and later callers use try_module_get/module_put, per-CPU counters with stop_machine in 2.6, one
 * atomic count since 4.x.
 */
public final class UnloadStress {
  static final long RMMOD_NO_RESULT = 1;

  /** The counting schemes, each tied to the era that used it. */
  public enum Scheme {
    USECOUNT(Era.V2_4),
    PERCPU(Era.V2_6),
    ATOMIC(Era.V6_X);

    private final Era era;

    Scheme(Era era) {
      this.era = era;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Scheme of(Era era) {
      return switch (era) {
        case V2_4 -> USECOUNT;
        case V2_6 -> PERCPU;
        default -> ATOMIC;
      };
    }

    /** The era to run this scheme in: {@code wanted} when it uses the scheme, else the scheme's. */
    public Era era(Era wanted) {
      return wanted != null && of(wanted) == this ? wanted : era;
    }

    public static Scheme parse(String text) {
      for (Scheme scheme : values()) {
        if (scheme.label().equals(text.toLowerCase(Locale.ROOT))) {
          return scheme;
        }
      }
      throw new IllegalArgumentException(
          "unknown --refcount '" + text + "' (expected usecount, percpu, atomic or all)");
    }
  }

  private final Scheme scheme;
  private final int workers;
  private final long opsPerWorker;
  private final boolean force;
  private final boolean call;
  private final long loaderPauseNanos;
  private final long thinkNanos;
  private final String module;

  /**
   * @param opsPerWorker get/put pairs per worker CPU, or 0 to loop until the machine stops them
   */
  public UnloadStress(
      Scheme scheme,
      int workers,
      long opsPerWorker,
      boolean force,
      boolean call,
      long loaderPauseNanos,
      long thinkNanos) {
    if (workers < 1) {
      throw new IllegalArgumentException("--cpus must be at least 1");
    }
    this.scheme = scheme;
    this.workers = workers;
    this.opsPerWorker = opsPerWorker;
    this.force = force;
    this.call = call;
    this.loaderPauseNanos = loaderPauseNanos;
    this.thinkNanos = thinkNanos;
    this.module = scheme == Scheme.USECOUNT ? "usedev24" : "usedev";
  }

  /** Workers plus the loader's CPU. */
  public int cpus() {
    return workers + 1;
  }

  public List<String> boot() {
    return List.of("insmod " + module + ".conf");
  }

  public List<ProgramSpec> programs() {
    List<ProgramSpec> programs = new ArrayList<>();
    int times =
        opsPerWorker == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, opsPerWorker);
    for (int cpu = 0; cpu < workers; cpu++) {
      programs.add(
          ProgramSpec.of(cpu, "user", commands -> List.of(new Repeat(times, use(commands))))
              .respawning());
    }
    programs.add(
        ProgramSpec.of(
                workers,
                "loader",
                commands -> List.of(new Repeat(Integer.MAX_VALUE, reload(commands))))
            .asDaemon());
    return programs;
  }

  /**
   * One use of the module, as the era's callers do it, then the worker's own work outside the
   * module (think time: it also lets virtual time pass when every call fails at once).
   */
  private List<Step> use(Commands commands) {
    List<Step> steps = new ArrayList<>(reference(commands));
    if (thinkNanos > 0) {
      steps.add(commands.parse("spin " + thinkNanos + "ns"));
    }
    return steps;
  }

  private List<Step> reference(Commands commands) {
    List<Step> body = new ArrayList<>();
    if (call) {
      body.add(new Measure("call", List.of(commands.parse("call " + module + ".read"))));
    }
    if (scheme == Scheme.USECOUNT) {
      body.add(new Measure("get_put", List.of(commands.parse("call " + module + ".release"))));
      return List.of(
          new Measure("get_put", List.of(commands.parse("call " + module + ".open"))),
          ResultSteps.SUCCEEDED,
          ResultSteps.tally("get", -1, "-"),
          new If(ResultSteps.LAST_RESULT, body, List.of()));
    }
    body.add(new Measure("get_put", List.of(commands.parse("module_put " + module))));
    return List.of(
        new Measure("get_put", List.of(commands.parse("try_module_get " + module))),
        ResultSteps.tally("get", -1, "-"),
        new If(ResultSteps.LAST_RESULT, body, List.of()));
  }

  /**
   * rmmod, then insmod, each outcome counted; the loader sleeps between them, as a shell loop would
   * (it does not keep its CPU busy).
   */
  private List<Step> reload(Commands commands) {
    return List.of(
        new SetResult(RMMOD_NO_RESULT),
        new Measure("rmmod", List.of(commands.parse("rmmod " + (force ? "-f " : "") + module))),
        ResultSteps.tally("rmmod", RMMOD_NO_RESULT, "in-use"),
        commands.parse("sleep " + loaderPauseNanos + "ns"),
        commands.parse("insmod " + module + ".conf"),
        ResultSteps.tally("insmod", Long.MIN_VALUE, "-"),
        commands.parse("sleep " + loaderPauseNanos + "ns"));
  }
}
