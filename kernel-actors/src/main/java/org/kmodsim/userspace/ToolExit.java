package org.kmodsim.userspace;

import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * A tool that ends while reading its command line, before any system call: {@code --help} and
 * {@code --version} (standard output, exit 0) or a bad option (getopt's or the tool's message on
 * standard error, the tool's exit status). A tool's parse returns one instead of throwing, so the
 * shell shows what the real tool prints, not the model's usage line. depmod and modinfo, which make
 * no system call of the model at all, gather all they print in a {@link ToolOutput}.
 */
public record ToolExit(String out, String err, int status) {

  /** Printed on standard output, exit 0. */
  public static ToolExit printed(String out) {
    return new ToolExit(out, "", 0);
  }

  /** {@code message} (a newline is added) on standard error, exit {@code status}. */
  public static ToolExit failure(int status, String message) {
    return new ToolExit("", message + "\n", status);
  }

  /** The step that prints it and exits ({@link Program#ending}). */
  public Step step(String program) {
    return Program.ending(program, this);
  }

  /** Prints it and exits: what {@code program}'s step does. */
  public StepResult run(CpuContext cpu) {
    cpu.out(out);
    cpu.err(err);
    cpu.exit(status);
    return StepResult.NEXT;
  }
}
