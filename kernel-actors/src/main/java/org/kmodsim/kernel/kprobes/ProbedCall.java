package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * A call of a function (kernel or module text) on a CPU that may run into an int3 in it
 * (arch/x86/kernel/kprobes/core.c kprobe_int3_handler). The function's instructions in [{@code
 * from}, {@code to}) are taken as run straight through before its {@code body}: the CPU asks the
 * probe table (get_kprobe) for the first armed address there, runs that hit, and goes on with the
 * rest of the range; with no probe left the body runs. Without the kprobes subsystem it is a plain
 * call. Module function calls go through here so that module text can be probed.
 */
@Step.Named("call")
public record ProbedCall(long from, long to, String function, List<Step> body) implements Step {
  /** Per-CPU current_kprobe: non-zero while this CPU runs kprobe handlers. */
  static final String RUNNING = "kprobes.current_kprobe";

  /** The registration id of the probe whose handler runs on this CPU (for faults). */
  static final String CURRENT_ID = "kprobes.current_id";

  public ProbedCall {
    body = List.copyOf(body);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    if (!cpu.services().has(KprobeManager.KEY)) {
      return cpu.calling(function, body);
    }
    boolean reentering = cpu.perCpu().get(RUNNING) > 0;
    return cpu.request(
        KprobeManager.KEY,
        r -> new KprobeManager.Trap(cpu.cpuId(), from, to, reentering, r),
        TrapReply.class,
        this::trapped);
  }

  private StepResult trapped(CpuContext cpu, TrapReply reply) {
    if (reply instanceof TrapReply.Freed freed) {
      KprobeCalls.freed(cpu, freed);
    } else if (reply instanceof TrapReply.Reentered reentered) {
      List<Step> steps = new ArrayList<>();
      for (ProbeView view : reentered.probes()) {
        steps.add(KprobeCalls.nmissedIncrement(view.key(), KprobeManager.Counter.NMISSED));
      }
      steps.add(rest(reentered.address()));
      cpu.call(function, steps, 1);
    } else if (reply instanceof TrapReply.Hit hit) {
      HitSequence.start(cpu, rest(hit.address()), function, hit);
    } else {
      cpu.call(function, body, 1); // NotProbed
    }
    return StepResult.NEXT;
  }

  /** The rest of the function after the probed instruction at {@code address}. */
  ProbedCall rest(long address) {
    return new ProbedCall(address + 1, to, function, body);
  }
}
