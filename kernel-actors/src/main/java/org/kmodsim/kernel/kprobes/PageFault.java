package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.SetResult;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * {@code page_fault}: the running kernel code touches an unmapped address with no exception fixup
 * (arch/x86/mm/fault.c). Inside a kprobe handler, kprobe_fault_handler() runs first: up to 5.13 it
 * counts {@code nmissed} and calls the probe's fault_handler, and a non-zero return means the fault
 * was handled and the handler goes on; otherwise, and always in 6.x, the kernel oopses.
 */
record PageFault(long address, KprobeEra era) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    if (cpu.perCpu().get(ProbedCall.RUNNING) == 0
        || !era.hasFaultHandler()
        || !cpu.services().has(KprobeManager.KEY)) {
      return oops(cpu, era.faultMessage(address));
    }
    long id = cpu.perCpu().get(ProbedCall.CURRENT_ID);
    return cpu.request(
        KprobeManager.KEY,
        r -> new KprobeManager.FaultInHandler(id, r),
        TrapReply.class,
        this::faultHandler);
  }

  private StepResult faultHandler(CpuContext cpu, TrapReply reply) {
    if (!(reply instanceof TrapReply.FaultHandler handler)) {
      return oops(cpu, era.faultMessage(address));
    }
    List<Step> steps = new ArrayList<>();
    steps.add(new NmissedIncrement(handler.key(), KprobeManager.Counter.NMISSED));
    steps.add(new SetResult(0));
    steps.addAll(handler.steps());
    long saved = cpu.result(); // the interrupted handler's, given back once handled
    steps.add(
        Step.of(
            "kprobe_fault_handler",
            c -> c.result() == 0 ? oops(c, era.faultMessage(address)) : restore(c, saved)));
    cpu.call("kprobe_fault_handler", steps, 1);
    return StepResult.NEXT;
  }

  /** Non-zero from the fault handler: handled, the interrupted handler goes on. */
  private static StepResult restore(CpuContext cpu, long saved) {
    return cpu.returning(saved);
  }

  static StepResult oops(CpuContext cpu, String message) {
    KprobeOops.raise(cpu, "page-fault", message, "unhandled kernel-mode page fault");
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "page_fault";
  }
}
