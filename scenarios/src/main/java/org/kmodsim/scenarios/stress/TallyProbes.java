package org.kmodsim.scenarios.stress;

import java.util.concurrent.ConcurrentHashMap;
import org.kmodsim.kernel.Errno;

/**
 * The coverage probe {@code LABEL=OUTCOME} a result counts in: 0 is {@code zero}, a negative value
 * its errno name, {@code sentinel} the given name (the step set no result, as rmmod when kmod
 * refuses in user space), anything else {@code nonzero}. Pure; the names are made once per result.
 */
final class TallyProbes {
  private final String label;
  private final long sentinel;
  private final String sentinelName;
  private final ConcurrentHashMap<Long, String> probes = new ConcurrentHashMap<>();

  TallyProbes(String label, long sentinel, String sentinelName) {
    this.label = label;
    this.sentinel = sentinel;
    this.sentinelName = sentinelName;
  }

  String probe(long result) {
    String probe = probes.get(result); // a look-up only: no lambda allocated per result
    return probe != null ? probe : probes.computeIfAbsent(result, r -> label + "=" + outcome(r));
  }

  String outcome(long result) {
    if (result == sentinel) {
      return sentinelName;
    } else if (result == 0) {
      return "zero";
    } else if (result > 0) {
      return "nonzero";
    }
    try {
      return Errno.ofNumber((int) result).name();
    } catch (IllegalArgumentException e) {
      return Long.toString(result);
    }
  }
}
