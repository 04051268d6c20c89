package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Spin;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * What a CPU does after a hit (kernel/kprobes.c aggr_pre_handler, aggr_post_handler,
 * pre_handler_kretprobe; x86 kprobe_int3_handler, kprobe_debug_handler): with current_kprobe set,
 * the pre-handlers in aggregator order, stopping at the first that returns non-zero (then the
 * probed instruction, the post-handlers and the function are skipped, as when a handler redirects
 * the instruction pointer; ignored for an optimized probe); for a kretprobe its entry hook takes
 * the instance (or counts rp->nmissed) and runs entry_handler; then the single-step and the
 * post-handlers; then current_kprobe is cleared, the RCU section ends, the rest of the function
 * runs, and each kretprobe instance still held fires its return handler through the trampoline. One
 * object per hit holds its state; each phase pushes a frame with the handler program and the next
 * phase.
 */
final class HitSequence {
  private final ProbedCall rest;
  private final String function;
  private final List<ProbeView> probes;
  private final List<Boolean> instances;
  private final List<KprobeManager.Instance> returning = new ArrayList<>();
  private final List<KprobeManager.Instance> released = new ArrayList<>();
  private boolean skipped;

  private HitSequence(ProbedCall rest, String function, TrapReply.Hit hit) {
    this.rest = rest;
    this.function = function;
    this.probes = hit.probes();
    this.instances = hit.instances();
  }

  /** Enters the handlers: current_kprobe set, the trap's own cost, then the first pre-handler. */
  static void start(CpuContext cpu, ProbedCall rest, String function, TrapReply.Hit hit) {
    HitSequence sequence = new HitSequence(rest, function, hit);
    java.util.List<String> names = new ArrayList<>();
    hit.probes().forEach(p -> names.add(p.key().toString()));
    cpu.trace(
        KprobeTrace.HIT.with(cpu.cpuId(), function, "0x" + Long.toHexString(hit.address()), names));
    cpu.perCpu().add(ProbedCall.RUNNING, 1);
    cpu.call("kprobe", List.of(new Spin(hit.trapNanos()), phase(c -> sequence.pre(c, 0))), 1);
  }

  private StepResult pre(CpuContext cpu, int index) {
    if (index == probes.size()) {
      return next(cpu, List.of(), c -> post(c, 0));
    }
    ProbeView probe = probes.get(index);
    if (probe.kretprobe() && !instances.get(index)) {
      return next(
          cpu,
          List.of(
              KprobeCalls.nmissedIncrement(probe.key(), KprobeManager.Counter.KRETPROBE_NMISSED)),
          c -> pre(c, index + 1));
    }
    cpu.setResult(0);
    cpu.perCpu().set(ProbedCall.CURRENT_ID, probe.id());
    List<Step> handler =
        probe.kretprobe()
            ? KprobeTrace.traced(probe.key(), "entry_handler", probe.entry())
            : KprobeTrace.traced(probe.key(), "pre_handler", probe.pre());
    return next(cpu, handler, c -> afterPre(c, index));
  }

  private StepResult afterPre(CpuContext cpu, int index) {
    ProbeView probe = probes.get(index);
    boolean nonZero = cpu.result() != 0;
    if (probe.kretprobe()) {
      (nonZero ? released : returning).add(new KprobeManager.Instance(probe.key(), probe.id()));
    } else if (nonZero && !probe.optimized()) {
      released.addAll(returning); // no function call, no return event
      returning.clear();
      skipped = true;
      return next(cpu, List.of(), this::end);
    }
    return next(cpu, List.of(), c -> pre(c, index + 1));
  }

  private StepResult post(CpuContext cpu, int index) {
    int i = index;
    while (i < probes.size() && (probes.get(i).kretprobe() || probes.get(i).post().isEmpty())) {
      i++;
    }
    if (i == probes.size()) {
      return next(cpu, List.of(), this::end);
    }
    int after = i + 1;
    cpu.perCpu().set(ProbedCall.CURRENT_ID, probes.get(i).id());
    ProbeView probe = probes.get(i);
    return next(
        cpu, KprobeTrace.traced(probe.key(), "post_handler", probe.post()), c -> post(c, after));
  }

  private StepResult end(CpuContext cpu) {
    cpu.perCpu().add(ProbedCall.RUNNING, -1);
    cpu.perCpu().remove(ProbedCall.CURRENT_ID);
    cpu.send(KprobeManager.KEY, new KprobeManager.Quiescent(cpu.cpuId(), released));
    if (!skipped) {
      List<Step> frame = new ArrayList<>(List.of(rest));
      for (ProbeView probe : probes) {
        if (returning.contains(new KprobeManager.Instance(probe.key(), probe.id()))) {
          frame.add(KprobeCalls.kretprobeTrampoline(probe.key(), probe.id()));
        }
      }
      cpu.call(function, frame, 1);
    }
    return StepResult.NEXT;
  }

  /** A frame with the handler program, then the next phase. */
  private static StepResult next(
      CpuContext cpu, List<Step> handler, Function<CpuContext, StepResult> then) {
    List<Step> frame = new ArrayList<>(handler);
    frame.add(phase(then));
    return cpu.calling("kprobe", frame);
  }

  private static Step phase(Function<CpuContext, StepResult> body) {
    return Step.of("kprobe_handler", body);
  }
}
