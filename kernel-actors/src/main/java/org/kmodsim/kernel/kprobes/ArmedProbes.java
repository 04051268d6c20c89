package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.sim.Access;
import org.kmodsim.sim.MemoryAccess;
import org.kmodsim.sim.Seeds;
import org.kmodsim.sim.StateDigest;

/**
 * The armed part of kprobe_table as other code reads it without a message (kernel/kprobes.c: the
 * breakpoints in the kernel's text are memory every CPU executes, not a question to kprobe_mutex's
 * owner): each address with an armed probe, the module whose text it is in, and the probe. One
 * writer, the {@link KprobeManager}, which publishes a new snapshot whenever a probe at an address
 * changes (registered, unregistered, enabled, disabled, killed by the module notifier, all disarmed
 * or armed through debugfs); readers are the safety invariants ({@link NoArmedProbeInGoingModule}).
 * A snapshot is immutable and replaced whole (a volatile reference), so a reader on another thread
 * always sees one consistent table. Reads and publications are declared to the engine as the shared
 * memory region {@code kprobes-armed}.
 */
public final class ArmedProbes implements StateDigest {
  /** The region name of the table's one location. */
  public static final String REGION = "kprobes-armed";

  private static final String LOCATION = REGION + ":table";

  private final MemoryAccess memory;

  /** A table outside any run (pure tests): accesses are not declared. */
  public ArmedProbes() {
    this(MemoryAccess.NONE);
  }

  public ArmedProbes(MemoryAccess memory) {
    this.memory = memory;
  }

  @Override
  public long stateDigest() {
    long h = 0;
    for (Armed probe : armed) {
      h =
          Seeds.mix(
              Seeds.mix(h, probe.address()), Seeds.hash(probe.module() + "/" + probe.probe()));
    }
    return h;
  }

  /**
   * An armed breakpoint: its address, the module whose text holds it (null: vmlinux), the probe.
   */
  public record Armed(long address, String module, String probe) {}

  private volatile List<Armed> armed = List.of();

  /** Every armed probe, in address order. */
  public List<Armed> armed() {
    memory.access(LOCATION, Access.READ);
    return armed;
  }

  /** The armed probes in {@code module}'s text. */
  public List<Armed> inModule(String module) {
    List<Armed> found = new ArrayList<>();
    for (Armed probe : armed()) {
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
    memory.access(LOCATION, Access.WRITE);
    armed = List.copyOf(now);
  }
}
