package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;

/**
 * The armed part of kprobe_table as other code reads it without a message (kernel/kprobes.c: the
 * breakpoints in the kernel's text are memory every CPU executes, not a question to kprobe_mutex's
 * owner): each address with an armed probe, the module whose text it is in, and the probe. One
 * writer, the {@link KprobeManager}, which publishes a new snapshot whenever a probe at an address
 * changes (registered, unregistered, enabled, disabled, killed by the module notifier, all disarmed
 * or armed through debugfs); readers are the safety invariants ({@link NoArmedProbeInGoingModule}).
 * A snapshot is immutable and replaced whole (a volatile reference), so a reader on another thread
 * always sees one consistent table.
 */
public final class ArmedProbes {
  /**
   * An armed breakpoint: its address, the module whose text holds it (null: vmlinux), the probe.
   */
  public record Armed(long address, String module, String probe) {}

  private volatile List<Armed> armed = List.of();

  /** Every armed probe, in address order. */
  public List<Armed> armed() {
    return armed;
  }

  /** The armed probes in {@code module}'s text. */
  public List<Armed> inModule(String module) {
    List<Armed> found = new ArrayList<>();
    for (Armed probe : armed) {
      if (module.equals(probe.module())) {
        found.add(probe);
      }
    }
    return found;
  }

  /** The manager's table changed: the new snapshot (kprobe_disabled() probes are not armed). */
  void publish(KprobeTable table, boolean allDisarmed) {
    List<Armed> now = new ArrayList<>();
    if (!allDisarmed) {
      for (Kprobe probe : table.all()) {
        if (!probe.isDisabled()) {
          now.add(new Armed(probe.address, probe.module(), probe.key.toString()));
        }
      }
    }
    armed = List.copyOf(now);
  }
}
