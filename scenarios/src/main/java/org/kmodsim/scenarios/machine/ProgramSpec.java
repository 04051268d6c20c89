package org.kmodsim.scenarios.machine;

import java.util.List;
import java.util.function.Function;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.Step;

/**
 * A program to run on one CPU, starting {@code startAtNanos} of virtual time after the boot
 * commands have finished (at once when there are none). Its steps are made once the machine has
 * booted and every subsystem has registered its commands. A {@code daemon} (a loader loop, say)
 * runs until the other programs have finished, and is then killed; the machine does not wait for
 * it. A {@code respawn} program killed by an oops is started again on its CPU, as init respawns a
 * service, so that a stress run goes on counting after a task died.
 */
public record ProgramSpec(
    int cpu,
    String name,
    Function<Commands, List<Step>> steps,
    long startAtNanos,
    Cred cred,
    boolean daemon,
    boolean respawn) {

  public ProgramSpec(
      int cpu, String name, Function<Commands, List<Step>> steps, long startAtNanos, Cred cred) {
    this(cpu, name, steps, startAtNanos, cred, false, false);
  }

  /** The same program as a daemon. */
  public ProgramSpec asDaemon() {
    return new ProgramSpec(cpu, name, steps, startAtNanos, cred, true, respawn);
  }

  /** The same program, started again whenever an oops kills it. */
  public ProgramSpec respawning() {
    return new ProgramSpec(cpu, name, steps, startAtNanos, cred, daemon, true);
  }

  public static ProgramSpec of(int cpu, String name, Function<Commands, List<Step>> steps) {
    return new ProgramSpec(cpu, name, steps, 0, Cred.root());
  }
}
