package org.kmodsim.userspace;

/**
 * What a tool that makes no system call writes, gathered by its pure code (depmod and modinfo read
 * the module tree from the host, not through the VFS): standard output, standard error and the exit
 * status, with {@link org.kmodsim.cpu.CpuContext}'s calls of the same names; {@link #ended} is the
 * {@link ToolExit} its step prints.
 */
public final class ToolOutput {
  private final StringBuilder out = new StringBuilder();
  private final StringBuilder err = new StringBuilder();
  private int status;

  /** Appends to standard output. */
  public void out(String text) {
    out.append(text);
  }

  /** Appends to standard error. */
  public void err(String text) {
    err.append(text);
  }

  /** Sets the exit status (the last call wins; 0 unless set). */
  public void exit(int status) {
    this.status = status;
  }

  /** {@code message} on standard error, exit {@code status}. */
  public void fail(int status, String message) {
    err(message);
    exit(status);
  }

  /** Everything written, and the exit status. */
  public ToolExit ended() {
    return new ToolExit(out.toString(), err.toString(), status);
  }
}
