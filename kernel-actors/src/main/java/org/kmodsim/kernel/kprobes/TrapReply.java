package org.kmodsim.kernel.kprobes;

import java.util.List;
import org.kmodsim.cpu.Step;

/**
 * What the {@link KprobeManager} answers a CPU's int3 handler ({@link KprobeManager.Trap}), its
 * kretprobe trampoline ({@link KprobeManager.KretprobeReturn}) and its fault handler ({@link
 * KprobeManager.FaultInHandler}).
 */
public sealed interface TrapReply {

  /** No probe armed at the address: run the function as it is. */
  enum NotProbed implements TrapReply {
    INSTANCE
  }

  /**
   * Probes to run at {@code address}, in aggregator order; a kretprobe's flag tells whether it got
   * an instance.
   */
  record Hit(long address, List<ProbeView> probes, List<Boolean> instances, long trapNanos)
      implements TrapReply {
    public Hit {
      probes = List.copyOf(probes);
      instances = List.copyOf(instances);
    }
  }

  /** A recursive hit at {@code address}: no handler runs, every probe there misses. */
  record Reentered(long address, List<ProbeView> probes) implements TrapReply {
    public Reentered {
      probes = List.copyOf(probes);
    }
  }

  /** The kretprobe is no longer registered: the return handler is skipped. */
  enum Orphan implements TrapReply {
    INSTANCE
  }

  /** The user fault_handler of the probe whose handler faulted (empty: none). */
  record FaultHandler(ProbeKey key, List<Step> steps) implements TrapReply {
    public FaultHandler {
      steps = List.copyOf(steps);
    }
  }

  /**
   * The probe struct lies in freed memory (at {@code address}): touching it is a use-after-free.
   */
  record Freed(ProbeKey key, long address, String message) implements TrapReply {}
}
