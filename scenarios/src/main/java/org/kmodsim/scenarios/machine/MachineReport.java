package org.kmodsim.scenarios.machine;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.scenarios.shell.Shell;

/**
 * What the machine observed during a run, for the command that started it: when the CPUs came
 * online, which programs finished, and the shell transcript. Written on the run's threads and read
 * once the run's result is in.
 */
public final class MachineReport implements Shell.Transcript {
  /** One shell command with what it printed and its exit status. */
  public record ShellResult(String command, String output, String errors, int exitStatus) {}

  private final List<Cpu.ProgramFinished> finished = new ArrayList<>();
  private final List<ShellResult> shell = new ArrayList<>();
  private volatile long bootedAtNanos = -1;
  private volatile String bootFailure;

  synchronized void programFinished(Cpu.ProgramFinished event) {
    finished.add(event);
  }

  public synchronized void shellResult(ShellResult result) {
    shell.add(result);
  }

  @Override
  public void shellResult(String command, String output, String errors, int exitStatus) {
    shellResult(new ShellResult(command, output, errors, exitStatus));
  }

  void booted(long nanos) {
    bootedAtNanos = nanos;
  }

  void bootFailed(String why) {
    bootFailure = why;
  }

  public synchronized List<Cpu.ProgramFinished> finishedPrograms() {
    return List.copyOf(finished);
  }

  public synchronized List<ShellResult> shellResults() {
    return List.copyOf(shell);
  }

  /** The exit status of the last shell command (0 when there was none). */
  public synchronized int lastExitStatus() {
    return shell.isEmpty() ? 0 : shell.get(shell.size() - 1).exitStatus();
  }

  public long bootedAtNanos() {
    return bootedAtNanos;
  }

  /** Why boot failed (a program that does not parse, say), or null. */
  public String bootFailure() {
    return bootFailure;
  }
}
