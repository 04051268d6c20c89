package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Spin;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * What a CPU does after a hit (kernel/kprobes.c aggr_pre_handler, aggr_post_handler,
 * pre_handler_kretprobe; x86 kprobe_int3_handler, kprobe_debug_handler): with current_kprobe
 * set, the pre-handlers in aggregator order, stopping at the first that returns non-zero (then
 * the probed instruction, the post-handlers and the function are skipped, as when a handler
 * redirects the instruction pointer; ignored for an optimized probe); for a kretprobe its entry
 * hook takes the instance (or counts rp->nmissed) and runs entry_handler; then the single-step
 * and the post-handlers; then current_kprobe is cleared, the RCU section ends, the rest of the
 * function runs, and each kretprobe instance still held fires its return handler through the
 * trampoline. Each phase runs as a step that pushes the next as a new frame; handler programs
 * run in between.
 */
record HitSequence(Phase phase, int index, State state) implements Step {

  enum Phase {
    PRE,
    AFTER_PRE,
    POST,
    END
  }

  /** One hit on one CPU: the probes, which kretprobes hold instances, and the function. */
  record State(
      ProbedCall rest,
      String function,
      List<ProbeView> probes,
      List<Boolean> instances,
      List<KprobeManager.Instance> returning,
      List<KprobeManager.Instance> released,
      boolean skipped) {
    State(ProbedCall rest, String function, List<ProbeView> probes, List<Boolean> instances) {
      this(rest, function, probes, instances, List.of(), List.of(), false);
    }

    State with(List<KprobeManager.Instance> returning, List<KprobeManager.Instance> released,
        boolean skipped) {
      return new State(rest, function, probes, instances, returning, released, skipped);
    }
  }

  /** Enters the handlers: current_kprobe set, the trap's own cost, then the first pre-handler. */
  static void start(CpuContext cpu, State state, long trapNanos) {
    cpu.perCpu().add(ProbedCall.RUNNING, 1);
    cpu.call("kprobe", List.of(new Spin(trapNanos),
        new HitSequence(Phase.PRE, 0, state)), 1);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    switch (phase) {
      case PRE:
        pre(cpu);
        break;
      case AFTER_PRE:
        afterPre(cpu);
        break;
      case POST:
        post(cpu);
        break;
      default:
        end(cpu);
    }
    return StepResult.NEXT;
  }

  private void pre(CpuContext cpu) {
    if (index == state.probes().size()) {
      next(cpu, List.of(), new HitSequence(Phase.POST, 0, state));
      return;
    }
    ProbeView probe = state.probes().get(index);
    if (probe.kretprobe() && !state.instances().get(index)) {
      next(cpu, List.of(new NmissedIncrement(probe.key(),
          KprobeManager.Counter.KRETPROBE_NMISSED)), new HitSequence(Phase.PRE, index + 1, state));
      return;
    }
    cpu.setResult(0);
    cpu.perCpu().set(ProbedCall.CURRENT_ID, probe.id());
    next(cpu, probe.kretprobe() ? probe.entry() : probe.pre(),
        new HitSequence(Phase.AFTER_PRE, index, state));
  }

  private void afterPre(CpuContext cpu) {
    ProbeView probe = state.probes().get(index);
    boolean nonZero = cpu.result() != 0;
    if (probe.kretprobe()) {
      List<KprobeManager.Instance> returning = new ArrayList<>(state.returning());
      List<KprobeManager.Instance> released = new ArrayList<>(state.released());
      (nonZero ? released : returning).add(new KprobeManager.Instance(probe.key(), probe.id()));
      State updated = state.with(returning, released, false);
      next(cpu, List.of(), new HitSequence(Phase.PRE, index + 1, updated));
    } else if (nonZero && !probe.optimized()) {
      List<KprobeManager.Instance> released = new ArrayList<>(state.released());
      released.addAll(state.returning()); // no function call, no return event
      next(cpu, List.of(), new HitSequence(Phase.END, 0, state.with(List.of(), released, true)));
    } else {
      next(cpu, List.of(), new HitSequence(Phase.PRE, index + 1, state));
    }
  }

  private void post(CpuContext cpu) {
    int i = index;
    while (i < state.probes().size()
        && (state.probes().get(i).kretprobe() || state.probes().get(i).post().isEmpty())) {
      i++;
    }
    if (i == state.probes().size()) {
      next(cpu, List.of(), new HitSequence(Phase.END, 0, state));
      return;
    }
    cpu.perCpu().set(ProbedCall.CURRENT_ID, state.probes().get(i).id());
    next(cpu, state.probes().get(i).post(), new HitSequence(Phase.POST, i + 1, state));
  }

  private void end(CpuContext cpu) {
    cpu.perCpu().add(ProbedCall.RUNNING, -1);
    cpu.perCpu().remove(ProbedCall.CURRENT_ID);
    cpu.send(cpu.services().get(KprobeManager.KEY),
        new KprobeManager.Quiescent(cpu.cpuId(), state.released()));
    if (state.skipped()) {
      return;
    }
    List<Step> rest = new ArrayList<>(List.of(state.rest()));
    for (int i = 0; i < state.probes().size(); i++) {
      ProbeView probe = state.probes().get(i);
      if (state.returning().contains(new KprobeManager.Instance(probe.key(), probe.id()))) {
        rest.add(new KretprobeTrampoline(probe.key(), probe.id()));
      }
    }
    cpu.call(state.function(), rest, 1);
  }

  private static void next(CpuContext cpu, List<Step> handler, HitSequence then) {
    List<Step> frame = new ArrayList<>(handler);
    frame.add(then);
    cpu.call("kprobe", frame, 1);
  }

  @Override
  public String name() {
    return "kprobe_handler";
  }
}
