package org.kmodsim.sim;

/**
 * Thrown when, in deterministic mode, a send or timer comes from a thread the engine does not
 * control: the run could no longer be replayed from its seed.
 */
public final class UncontrolledConcurrencyException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public UncontrolledConcurrencyException(String what, Thread thread) {
    super(
        "uncontrolled concurrency: "
            + what
            + " from thread '"
            + thread.getName()
            + "', which the deterministic engine does not control");
  }
}
