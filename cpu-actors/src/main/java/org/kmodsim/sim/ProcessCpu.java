package org.kmodsim.sim;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this JVM has used, every thread (the JIT's and the collector's included): what a
 * concurrent figure costs in processor time, which another process's load on the machine changes
 * much less than it changes a rate in wall time.
 */
public final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU nanoseconds used so far, or -1 where the JVM does not say. */
  public static long nanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
