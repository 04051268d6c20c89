package org.kmodsim.scenarios.machine;

import com.typesafe.config.Config;
import java.util.List;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Subsystem;

/**
 * What to boot and run: the configuration, the era, the CPU count, the kernel subsystems in boot
 * order, the programs per CPU, and an optional batch-shell script run as {@code shellUser} on
 * {@code shellCpu}. The machine halts when every program and the script have finished, or kills
 * them all {@code stopAtNanos} after boot when that is non-zero.
 *
 * <p>{@code bootScript} (scenarios' boot commands) runs on the shell CPU before anything else;
 * programs and the script start once it has finished, their start times counted from then. {@code
 * finaleScript} runs on the shell CPU after all of them, to read the final state (counters, /proc
 * files) before the machine halts.
 *
 * <p>A {@code bare} machine boots only its CPUs and its subsystems: not the machine's own services
 * for user space (the VFS with /proc/version, the shared counter of {@code atomic_inc_return}, the
 * user-space programs). A scenario of memory steps needs none of them, and a run costs what its own
 * deliveries cost.
 */
public record MachineSpec(
    Config config,
    Era era,
    int cpus,
    List<Subsystem> subsystems,
    List<ProgramSpec> programs,
    List<String> shellScript,
    Cred shellUser,
    int shellCpu,
    List<String> bootScript,
    long stopAtNanos,
    List<String> finaleScript,
    boolean bare) {

  /** A machine with its own services for user space (not bare). */
  public MachineSpec(
      Config config,
      Era era,
      int cpus,
      List<Subsystem> subsystems,
      List<ProgramSpec> programs,
      List<String> shellScript,
      Cred shellUser,
      int shellCpu,
      List<String> bootScript,
      long stopAtNanos,
      List<String> finaleScript) {
    this(
        config,
        era,
        cpus,
        subsystems,
        programs,
        shellScript,
        shellUser,
        shellCpu,
        bootScript,
        stopAtNanos,
        finaleScript,
        false);
  }

  /** A machine without boot commands that runs its programs to the end. */
  public MachineSpec(
      Config config,
      Era era,
      int cpus,
      List<Subsystem> subsystems,
      List<ProgramSpec> programs,
      List<String> shellScript,
      Cred shellUser,
      int shellCpu) {
    this(config, era, cpus, subsystems, programs, shellScript, shellUser, shellCpu, List.of());
  }

  /** A machine with boot commands that runs its programs to the end. */
  public MachineSpec(
      Config config,
      Era era,
      int cpus,
      List<Subsystem> subsystems,
      List<ProgramSpec> programs,
      List<String> shellScript,
      Cred shellUser,
      int shellCpu,
      List<String> bootScript) {
    this(
        config,
        era,
        cpus,
        subsystems,
        programs,
        shellScript,
        shellUser,
        shellCpu,
        bootScript,
        0,
        List.of());
  }

  public MachineSpec {
    if (cpus < 1 || cpus > 256) {
      throw new IllegalArgumentException("nr_cpus must be between 1 and 256, not " + cpus);
    }
    for (ProgramSpec program : programs) {
      if (program.cpu() < 0 || program.cpu() >= cpus) {
        throw new IllegalArgumentException(
            "program '"
                + program.name()
                + "' runs on cpu"
                + program.cpu()
                + ", but the machine"
                + " has "
                + cpus
                + " CPUs");
      }
    }
    if (shellCpu < 0 || shellCpu >= cpus) {
      throw new IllegalArgumentException("the shell CPU must be one of the machine's CPUs");
    }
    subsystems = List.copyOf(subsystems);
    programs = List.copyOf(programs);
    shellScript = List.copyOf(shellScript);
    bootScript = List.copyOf(bootScript);
    finaleScript = List.copyOf(finaleScript);
  }

  public MachineSpec withPrograms(List<ProgramSpec> newPrograms) {
    return copy(newPrograms, shellScript, shellUser, stopAtNanos, finaleScript, bare);
  }

  public MachineSpec withShell(List<String> script, Cred user) {
    return copy(programs, script, user, stopAtNanos, finaleScript, bare);
  }

  /**
   * Kills every program at this (virtual, or in concurrent mode scaled wall-clock) time after boot:
   * for workloads bounded by a duration rather than a count.
   */
  public MachineSpec withStopAt(long nanos) {
    return copy(programs, shellScript, shellUser, nanos, finaleScript, bare);
  }

  /** Commands run as root on the shell CPU once everything else has finished. */
  public MachineSpec withFinale(List<String> script) {
    return copy(programs, shellScript, shellUser, stopAtNanos, script, bare);
  }

  /** The same machine without the VFS, the shared counter and user space (see above). */
  public MachineSpec asBare() {
    return copy(programs, shellScript, shellUser, stopAtNanos, finaleScript, true);
  }

  /** This machine with the parts the copies above change (its kernel and CPUs stay). */
  private MachineSpec copy(
      List<ProgramSpec> programs,
      List<String> shellScript,
      Cred shellUser,
      long stopAtNanos,
      List<String> finaleScript,
      boolean bare) {
    return new MachineSpec(
        config,
        era,
        cpus,
        subsystems,
        programs,
        shellScript,
        shellUser,
        shellCpu,
        bootScript,
        stopAtNanos,
        finaleScript,
        bare);
  }
}
