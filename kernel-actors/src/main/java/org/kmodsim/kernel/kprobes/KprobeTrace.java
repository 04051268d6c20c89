package org.kmodsim.kernel.kprobes;

import org.kmodsim.sim.EventType;

/**
 * kernel/kprobes' trace vocabulary: a probe hit on a CPU (the int3 handler found armed probes at
 * the address), a registration, and the return of a kprobe call ({@code register_kprobe(&kp) = 0}).
 */
public final class KprobeTrace {
  /** A CPU hit armed probes at an address in {@code function}; their handlers run now. */
  public static final EventType HIT =
      EventType.of(
          "kprobe_hit",
          "kprobe hit in {function} at {address}: {probes}",
          "cpu",
          "function",
          "address",
          "probes");

  /** A probe was armed at {@code symbol+offset}. */
  public static final EventType REGISTERED =
      EventType.of("kprobe", "registered {probe} at {place}", "probe", "place");

  /** A kprobe call returned on {@code cpu}. */
  public static final EventType CALL =
      EventType.of("kprobe", "{call}(&{probe}) = {ret}", "cpu", "call", "probe", "ret");

  private KprobeTrace() {}
}
