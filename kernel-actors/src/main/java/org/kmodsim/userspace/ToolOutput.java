package org.kmodsim.userspace;

import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.StepResult;

/**
 * What a tool that makes no system call of the model writes (depmod and modinfo read the module
 * tree from the host, not through the VFS), gathered by its pure code with {@link CpuContext}'s
 * calls of the same names, and printed by its program at once ({@link #print}). The exit status is
 * set only when the tool sets it, as on a CPU: a tool that succeeds leaves it as it is.
 */
public final class ToolOutput {
  private final StringBuilder out = new StringBuilder();
  private final StringBuilder err = new StringBuilder();
  private Integer status;

  /** How a tool ends reading its command line; exit 0 leaves the status as it is. */
  public static ToolOutput of(ToolExit exit) {
    ToolOutput output = new ToolOutput();
    output.out(exit.out());
    output.err(exit.err());
    if (exit.status() != 0) {
      output.exit(exit.status());
    }
    return output;
  }

  /** Appends to standard output. */
  public void out(String text) {
    out.append(text);
  }

  /** Appends to standard error. */
  public void err(String text) {
    err.append(text);
  }

  /** Sets the exit status (the last call wins). */
  public void exit(int status) {
    this.status = status;
  }

  /** {@code message} on standard error, exit {@code status}. */
  public void fail(int status, String message) {
    err(message);
    exit(status);
  }

  /** Everything written, and the exit status (0 unless set). */
  public ToolExit ended() {
    return new ToolExit(out.toString(), err.toString(), status == null ? 0 : status);
  }

  /** Writes it all on {@code cpu}'s program, and the step is over. */
  public StepResult print(CpuContext cpu) {
    cpu.out(out.toString());
    cpu.err(err.toString());
    if (status != null) {
      cpu.exit(status);
    }
    return StepResult.NEXT;
  }
}
