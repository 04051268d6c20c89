package org.kmodsim.kernel.printk;

/**
 * What one printk() call cost its caller, measured by Printk on the virtual clock.
 *
 * @param latencyNanos from the call to the return
 * @param ownPrintNanos time spent writing the caller's own record to the consoles
 * @param othersPrintNanos time spent writing other contexts' records (lock owner, hand-over)
 * @param spinNanos time spent waiting for the console lock (direct mode, hand-over waiter)
 * @param droppedRecords records that this call's store pushed out of the buffer before every
 *     console had printed them
 */
public record PrintkCall(
    int cpu,
    long seq,
    int level,
    long latencyNanos,
    long ownPrintNanos,
    long othersPrintNanos,
    long spinNanos,
    long droppedRecords) {

  /** Where the measurements go; the latency command collects them, machines ignore them. */
  @FunctionalInterface
  public interface Observer {
    void printkCall(PrintkCall call);

    Observer NONE = call -> {};
  }
}
