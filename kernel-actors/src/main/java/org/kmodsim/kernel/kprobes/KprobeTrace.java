package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Step;
import org.kmodsim.sim.EventType;

/**
 * kernel/kprobes' trace vocabulary: a probe hit on a CPU (the int3 handler found armed probes at
 * the address), a registration, the return of a kprobe call ({@code register_kprobe(&kp) = 0}), and
 * a probe handler's entry and return on the CPU that hit ({@code kp->pre_handler}: a kprobe's
 * pre_handler and post_handler, a kretprobe's entry_handler and its return handler), which the
 * Perfetto trace draws as a slice.
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

  /** A handler of {@code probe} starts on {@code cpu}; {@code handler} is the field's name. */
  public static final EventType HANDLER =
      EventType.of("kprobe_handler", "{probe}->{handler}()", "cpu", "probe", "handler");

  /** The handler returned {@code ret} (a pre_handler's non-zero skips the probed instruction). */
  public static final EventType HANDLER_RETURN =
      EventType.of(
          "kprobe_handler_return",
          "{probe}->{handler}() returned {ret}",
          "cpu",
          "probe",
          "handler",
          "ret");

  private KprobeTrace() {}

  /**
   * {@code steps}, a handler's program, with its entry and return traced: the steps the CPU runs
   * for {@code probe}'s {@code handler}. No program is no handler (a NULL pointer the kernel
   * skips): nothing is traced.
   */
  static List<Step> traced(ProbeKey probe, String handler, List<Step> steps) {
    if (steps.isEmpty()) {
      return steps;
    }
    List<Step> traced = new ArrayList<>(steps.size() + 2);
    String name = probe.toString();
    traced.add(
        Step.instant("kprobe_handler", cpu -> cpu.trace(HANDLER.with(cpu.cpuId(), name, handler))));
    traced.addAll(steps);
    traced.add(
        Step.instant(
            "kprobe_handler",
            cpu -> cpu.trace(HANDLER_RETURN.with(cpu.cpuId(), name, handler, cpu.result()))));
    return traced;
  }
}
