package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.SetResult;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * {@code page_fault}: the running kernel code touches an unmapped address with no exception
 * fixup (arch/x86/mm/fault.c). Inside a kprobe handler, kprobe_fault_handler() runs first: up to
 * 5.13 it counts {@code nmissed} and calls the probe's fault_handler, and a non-zero return means
 * the fault was handled and the handler goes on; otherwise, and always in 6.x, the kernel oopses.
 */
record PageFault(long address, KprobeEra era) implements Step {
  /** The interrupted handler's result, given back once the fault is handled. */
  static final String SAVED = "$page_fault.saved";

  @Override
  public StepResult run(CpuContext cpu) {
    if (cpu.perCpu().get(ProbedCall.RUNNING) == 0 || !era.hasFaultHandler()
        || !cpu.services().has(KprobeManager.KEY)) {
      oops(cpu);
      return StepResult.NEXT;
    }
    cpu.send(cpu.services().get(KprobeManager.KEY),
        new KprobeManager.FaultInHandler(cpu.perCpu().get(ProbedCall.CURRENT_ID), cpu.replyTo()));
    return StepResult.WAIT;
  }

  @Override
  public StepResult resume(CpuContext cpu, Object reply) {
    if (!(reply instanceof TrapReply.FaultHandler)) {
      oops(cpu);
      return StepResult.NEXT;
    }
    TrapReply.FaultHandler handler = (TrapReply.FaultHandler) reply;
    cpu.setVariable(SAVED, cpu.result());
    List<Step> steps = new ArrayList<>();
    steps.add(new NmissedIncrement(handler.key(), KprobeManager.Counter.NMISSED));
    steps.add(new SetResult(0));
    steps.addAll(handler.steps());
    steps.add(new Handled(address, era.faultMessage(address)));
    cpu.call("kprobe_fault_handler", steps, 1);
    return StepResult.NEXT;
  }

  static void oops(CpuContext cpu, String message) {
    KprobeOops.raise(cpu, "page-fault", message, "unhandled kernel-mode page fault");
  }

  private void oops(CpuContext cpu) {
    oops(cpu, era.faultMessage(address));
  }

  @Override
  public String name() {
    return "page_fault";
  }

  /** After the fault handler: non-zero = handled, 0 = the fault goes on to the oops. */
  record Handled(long address, String message) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      if (cpu.result() == 0) {
        oops(cpu, message);
      } else {
        cpu.setResult(cpu.variable(SAVED));
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "kprobe_fault_handler";
    }
  }
}
