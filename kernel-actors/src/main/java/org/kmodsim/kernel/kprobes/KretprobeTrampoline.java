package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The probed function returns into the kretprobe trampoline (kernel/kprobes.c
 * __kretprobe_trampoline_handler): the CPU looks its instance's probe up; if the probe is still
 * registered it runs the return handler with current_kprobe set (a hit inside counts as a
 * recursion), then gives the instance back; if the probe was unregistered meanwhile the handler is
 * skipped.
 */
record KretprobeTrampoline(ProbeKey key, long id) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    return cpu.request(
        KprobeManager.KEY,
        r -> new KprobeManager.KretprobeReturn(cpu.cpuId(), key, id, r),
        TrapReply.class,
        this::returned);
  }

  private StepResult returned(CpuContext cpu, TrapReply reply) {
    if (reply instanceof TrapReply.Freed freed) {
      KprobeOops.freed(cpu, freed, "kprobe " + freed.key() + " hit after its module was freed");
    } else if (reply instanceof TrapReply.Hit hit) {
      cpu.perCpu().add(ProbedCall.RUNNING, 1);
      cpu.sim().cover("kretprobe-return-handlers");
      List<Step> frame =
          new ArrayList<>(KprobeTrace.traced(key, "handler", hit.probes().get(0).handler()));
      frame.add(Step.of("kretprobe_trampoline", this::done));
      cpu.call("kretprobe_trampoline", frame, 1);
    }
    return StepResult.NEXT;
  }

  /** The return handler finished: current_kprobe cleared, instance recycled, section left. */
  private StepResult done(CpuContext cpu) {
    cpu.perCpu().add(ProbedCall.RUNNING, -1);
    cpu.send(
        cpu.services().get(KprobeManager.KEY),
        new KprobeManager.Quiescent(cpu.cpuId(), List.of(new KprobeManager.Instance(key, id))));
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "kretprobe_trampoline";
  }
}
