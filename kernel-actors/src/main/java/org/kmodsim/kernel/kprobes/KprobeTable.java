package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.TreeMap;

/**
 * kprobe_table (kernel/kprobes.c): 64 hash buckets of probed addresses, each address holding one
 * probe or, when several are registered there, an aggregator whose child list gets new probes at
 * its head ({@code list_add_rcu}), so the newest child runs first. Buckets chain new addresses at
 * the head too ({@code hlist_add_head_rcu}); the debugfs list walks buckets in order, chains in
 * order and aggregators child by child. Pure; owned by the {@link KprobeManager}.
 */
final class KprobeTable {
  static final int HASH_BITS = 6;

  private final KprobeEra era;
  private final List<LinkedList<Long>> buckets = new ArrayList<>();
  private final TreeMap<Long, LinkedList<Kprobe>> byAddress = new TreeMap<>();

  KprobeTable(KprobeEra era) {
    this.era = era;
    for (int i = 0; i < (1 << HASH_BITS); i++) {
      buckets.add(new LinkedList<>());
    }
  }

  /** get_kprobe(): the probes at an address, in the order the aggregator runs them. */
  List<Kprobe> at(long address) {
    LinkedList<Kprobe> children = byAddress.get(address);
    return children == null ? List.of() : List.copyOf(children);
  }

  /** Adds a probe: a new hash entry, or a new head child of the aggregator at its address. */
  void insert(Kprobe probe) {
    LinkedList<Kprobe> children = byAddress.get(probe.address);
    if (children == null) {
      children = new LinkedList<>();
      byAddress.put(probe.address, children);
      buckets.get(era.bucketOf(probe.address)).addFirst(probe.address);
    }
    children.addFirst(probe);
  }

  /** Unlinks a probe; the address leaves the hash when its last probe goes. */
  void remove(Kprobe probe) {
    LinkedList<Kprobe> children = byAddress.get(probe.address);
    if (children == null || !children.remove(probe)) {
      return;
    }
    if (children.isEmpty()) {
      byAddress.remove(probe.address);
      buckets.get(era.bucketOf(probe.address)).remove(probe.address);
    }
  }

  /** An aggregator is armed while one child is neither DISABLED nor GONE. */
  boolean armedAt(long address, boolean allDisarmed) {
    if (allDisarmed) {
      return false;
    }
    for (Kprobe probe : at(address)) {
      if (!probe.isDisabled()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first address in [from, to) with an armed probe, or 0 (NULL): what a call runs into. Kernel
   * addresses are negative as Java longs, so ranges never wrap across zero.
   */
  long firstArmed(long from, long to, boolean allDisarmed) {
    if (allDisarmed || Long.compareUnsigned(from, to) >= 0) {
      return 0;
    }
    for (long address : byAddress.subMap(from, to).keySet()) {
      if (armedAt(address, false)) {
        return address;
      }
    }
    return 0;
  }

  /** Every probe, in the debugfs list order. */
  List<Kprobe> inListOrder() {
    List<Kprobe> all = new ArrayList<>();
    for (LinkedList<Long> bucket : buckets) {
      for (long address : bucket) {
        all.addAll(byAddress.get(address));
      }
    }
    return all;
  }

  /** Every probe whose address lies in the module's text. */
  List<Kprobe> inModule(String module) {
    List<Kprobe> found = new ArrayList<>();
    for (List<Kprobe> children : byAddress.values()) {
      for (Kprobe probe : children) {
        if (module.equals(probe.module())) {
          found.add(probe);
        }
      }
    }
    return found;
  }

  /** Every probe, in address order. */
  List<Kprobe> all() {
    List<Kprobe> found = new ArrayList<>();
    byAddress.values().forEach(found::addAll);
    return found;
  }
}
