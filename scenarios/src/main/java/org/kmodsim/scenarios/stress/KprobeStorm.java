package org.kmodsim.scenarios.stress;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Measure;
import org.kmodsim.cpu.Repeat;
import org.kmodsim.cpu.Step;
import org.kmodsim.scenarios.machine.ProgramSpec;

/**
 * The kprobe storm: M kprobes on hot kernel functions and one kretprobe, hit from N CPUs that call
 * those functions in a loop. The first probe's pre-handler itself calls a probed function, so a hit
 * inside a handler on the same CPU happens on every call of it and is counted in nmissed (a plain,
 * non-atomic counter, whose lost increments the storm reports).
 */
public final class KprobeStorm {
  /** Hot functions present in every era's kernel text, none of them blacklisted. */
  static final List<String> HOT =
      List.of("vfs_read", "kfree", "__kmalloc", "vfs_write", "flush_tlb_all", "msleep", "do_exit");

  /**
   * The coverage probe counting the storm's calls as they finish, so that the engine's marks (the
   * end of a {@code --warmup}) know how many there were at an instant; the call latencies, read
   * when the programs end, only know the total.
   */
  public static final String CALLS = "kprobe-storm-calls";

  private static final Step COUNT_CALL = Step.instant("count_call", cpu -> cpu.sim().cover(CALLS));

  /** The kretprobe's function: called by every CPU, so instances run out with small pools. */
  static final String RETURN_PROBED = "vfs_write";

  private final int cpus;
  private final int probes;
  private final int maxactive;
  private final long callNanos;

  public KprobeStorm(int cpus, int probes, int maxactive, long callNanos) {
    if (probes < 1 || probes > HOT.size()) {
      throw new IllegalArgumentException("--probes must be between 1 and " + HOT.size());
    }
    if (cpus < 1) {
      throw new IllegalArgumentException("--cpus must be at least 1");
    }
    if (maxactive < 0) {
      throw new IllegalArgumentException("--kretprobe-maxactive must not be negative");
    }
    this.cpus = cpus;
    this.probes = probes;
    this.maxactive = maxactive;
    this.callNanos = callNanos;
  }

  /** Registrations, run before the storm (0 maxactive: the era's default pool). */
  public List<String> boot() {
    List<String> script = new ArrayList<>();
    for (int i = 0; i < probes; i++) {
      String handler =
          i == 0 && probes > 1 ? "spin 50ns; kcall " + HOT.get(1) + " 20ns" : "spin 50ns";
      script.add("register_kprobe p" + i + " symbol_name=" + HOT.get(i) + " pre='" + handler + "'");
    }
    script.add(
        "register_kretprobe rp symbol_name="
            + RETURN_PROBED
            + (maxactive > 0 ? " maxactive=" + maxactive : "")
            + " handler='spin 20ns'");
    return script;
  }

  /** Each CPU calls every probed function in turn, starting at a different one, forever. */
  public List<ProgramSpec> programs() {
    List<ProgramSpec> programs = new ArrayList<>();
    for (int cpu = 0; cpu < cpus; cpu++) {
      int first = cpu;
      programs.add(
          ProgramSpec.of(
              cpu,
              "storm",
              commands -> List.of(new Repeat(Integer.MAX_VALUE, round(commands, first)))));
    }
    return programs;
  }

  private List<Step> round(Commands commands, int first) {
    List<Step> calls = new ArrayList<>();
    int functions = Math.max(probes, HOT.indexOf(RETURN_PROBED) + 1);
    for (int i = 0; i < functions; i++) {
      String function = HOT.get((first + i) % functions);
      calls.add(
          new Measure(
              "call", List.of(commands.parse("kcall " + function + " " + callNanos + "ns"))));
      calls.add(COUNT_CALL);
    }
    return calls;
  }

  /** Reads every probe's nmissed once the storm is over. */
  public List<String> finale() {
    List<String> script = new ArrayList<>();
    for (int i = 0; i < probes; i++) {
      script.add("kprobe_nmissed p" + i);
    }
    script.add("kretprobe_nmissed rp");
    return script;
  }

  public int probes() {
    return probes;
  }

  public long callNanos() {
    return callNanos;
  }
}
