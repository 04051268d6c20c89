package org.kmodsim.kernel.kprobes;

import org.kmodsim.kernel.kallsyms.KernelSymbol;

/**
 * One {@code struct kprobe} (with its {@code struct kretprobe} part) as the kernel sees it: the
 * caller's fields, the address registration wrote back, the status flags, the counters, and the
 * kretprobe instance pool. It lives in the owner's memory, so it outlives its registration (a
 * module's exit reads {@code nmissed} after unregistering). Owned by the {@link KprobeManager};
 * never sent: CPUs get {@link ProbeView} copies.
 */
final class Kprobe {
  final ProbeKey key;
  ProbeSpec spec;

  /** kp.addr as the caller reads it: written by registration, cleared by a bad unregister. */
  Long addrField;

  /** Registration generation: hits and return events name the probe by it. */
  long id;

  boolean registered;
  KernelSymbol symbol;
  long symbolOffset;
  long address;
  boolean gone;
  boolean disabled;
  boolean optimized;
  boolean ftrace;

  /** The owner's memory was freed while the struct was still hashed. */
  boolean ownerFreed;

  long nmissed;
  long kretprobeNmissed;
  int maxactive;
  int instancesInUse;

  Kprobe(ProbeKey key) {
    this.key = key;
  }

  /** register_kprobe's fields once it is safe: a fresh registration {@code id} at the place. */
  void arm(ProbeSpec newSpec, long newId, Registrar.Place place, int newMaxactive) {
    spec = newSpec;
    id = newId;
    registered = true;
    symbol = place.symbol();
    symbolOffset = place.address() - place.symbol().address();
    address = place.address();
    ftrace = place.ftrace();
    gone = false;
    ownerFreed = false;
    disabled = newSpec.disabled();
    optimized = false;
    nmissed = 0;
    kretprobeNmissed = 0;
    instancesInUse = 0;
    maxactive = newMaxactive;
  }

  String module() {
    return symbol == null ? null : symbol.owner();
  }

  /** kprobe_disabled(): DISABLED or GONE. */
  boolean isDisabled() {
    return disabled || gone;
  }

  ProbeView view() {
    return new ProbeView(
        id,
        key,
        spec.kretprobe(),
        spec.pre(),
        spec.post(),
        spec.entry(),
        spec.handler(),
        optimized,
        ownerFreed);
  }
}
