package org.kmodsim.cpu;

/** What a CPU does after running (or resuming) a step. */
public enum StepResult {
  /** Go on with the next step at once. */
  NEXT,
  /** Wait: a reply or a timer will resume this step. */
  WAIT
}
