package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kmodsim.kernel.Errno;

/**
 * What kprobe_mutex guards in kernel/kprobes.c: every {@code struct kprobe} the model has seen (by
 * identity, registered or not: their fields outlive registration), the hash table of the registered
 * ones, the modules known to be going, and where each module's structs live. The module notifier's
 * effect on them (kill_kprobe for probes in a going module's text). Pure; owned by the {@link
 * KprobeManager}.
 */
final class ProbeRegistry {
  /** The model places a module's static structs this far before the end of its memory. */
  static final long STRUCT_FROM_END = 0x140;

  private final TreeMap<ProbeKey, Kprobe> structs = new TreeMap<>();
  private final KprobeTable table;
  private final TreeSet<String> goingModules = new TreeSet<>();

  /** Where each module's probe structs live: in its data, near the end of its memory. */
  private final TreeMap<String, Long> moduleMemory = new TreeMap<>();

  ProbeRegistry(KprobeEra era) {
    this.table = new KprobeTable(era);
  }

  KprobeTable table() {
    return table;
  }

  /** The struct named {@code key}, or null if nobody registered it yet. */
  Kprobe get(ProbeKey key) {
    return structs.get(key);
  }

  /** The struct named {@code key}, created on first use (its memory exists before registration). */
  Kprobe struct(ProbeKey key) {
    return structs.computeIfAbsent(key, Kprobe::new);
  }

  /** The probe of registration {@code id}, or null. */
  Kprobe byId(long id) {
    return structs.values().stream().filter(p -> p.id == id).findFirst().orElse(null);
  }

  /** kp.addr as the caller reads it (0 for NULL). */
  long addrField(ProbeKey key) {
    Kprobe probe = structs.get(key);
    return probe == null || probe.addrField == null ? 0 : probe.addrField;
  }

  /**
   * enable_kprobe / disable_kprobe: 0, or -EINVAL for a struct that is not registered (and, to
   * enable, for a GONE probe).
   */
  long setDisabled(ProbeKey key, boolean disabled) {
    Kprobe probe = structs.get(key);
    if (probe == null || !probe.registered || (!disabled && probe.gone)) {
      return Errno.EINVAL.negative();
    }
    probe.disabled = disabled;
    return 0;
  }

  Set<String> goingModules() {
    return goingModules;
  }

  /**
   * Unlinks the registered ones of {@code keys} from the table (the top half of
   * unregister_kprobes); an unregistered struct gets kp->addr = NULL. Returns the addresses that
   * lost a probe.
   */
  List<Long> unlink(List<ProbeKey> keys) {
    List<Long> addresses = new ArrayList<>();
    for (ProbeKey key : keys) {
      Kprobe probe = structs.get(key);
      if (probe == null || !probe.registered) {
        if (probe != null) {
          probe.addrField = null; // __get_valid_kprobe failed: kp->addr = NULL, no error
        }
        continue;
      }
      probe.registered = false;
      probe.instancesInUse = 0; // in-flight instances are orphaned (ri->rp / rph->rp = NULL)
      table.remove(probe);
      addresses.add(probe.address);
    }
    return addresses;
  }

  /** MODULE_STATE_COMING: its text may be probed; its memory is [address, address + size). */
  void moduleComing(String module, long address, long size) {
    goingModules.remove(module);
    if (size > 0) {
      moduleMemory.put(module, address + size - STRUCT_FROM_END);
    }
  }

  /**
   * MODULE_STATE_GOING: every probe in the module's text is killed (GONE, stays registered).
   * Kprobes records no owner, so a probe whose struct and handlers live in the departing module
   * stays armed; the model remembers that its memory is freed. Returns the trace lines.
   */
  List<String> moduleGoing(String module) {
    goingModules.add(module);
    List<String> lines = new ArrayList<>();
    for (Kprobe probe : table.inModule(module)) {
      probe.gone = true;
      probe.optimized = false;
      lines.add("killed " + probe.key + " (GONE)");
    }
    for (Kprobe probe : structs.values()) {
      if (probe.registered && probe.key.owner().equals(module)) {
        probe.ownerFreed = true;
        lines.add(probe.key + " is still registered while " + module + " is freed");
      }
    }
    return lines;
  }

  /** The freed address a hit reads first: the struct in its owner's memory, if known. */
  long structAddress(Kprobe probe, long fallback) {
    return moduleMemory.getOrDefault(probe.key.owner(), fallback);
  }
}
