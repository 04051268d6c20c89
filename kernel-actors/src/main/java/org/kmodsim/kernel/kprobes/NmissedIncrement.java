package org.kmodsim.kernel.kprobes;

import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * {@code p->nmissed++} (kprobes_inc_nmissed_count): a plain load and a plain store, two messages to
 * the struct's memory, so two CPUs missing at once can lose an increment, as in the kernel. Every
 * attempt is counted in the coverage probe {@code kprobes-nmissed-increments} ({@code
 * kretprobe-pool-empty} for rp->nmissed).
 */
record NmissedIncrement(ProbeKey key, KprobeManager.Counter counter) implements Step {
  @Override
  public StepResult run(CpuContext cpu) {
    cpu.sim()
        .cover(
            counter == KprobeManager.Counter.NMISSED
                ? "kprobes-nmissed-increments"
                : "kretprobe-pool-empty");
    return KprobeCalls.ask(
        cpu,
        r -> new KprobeManager.ReadCounter(key, counter, r),
        (c, loaded) -> {
          c.send(
              c.services().get(KprobeManager.KEY),
              new KprobeManager.WriteCounter(key, counter, loaded.value() + 1));
          return StepResult.NEXT;
        });
  }

  @Override
  public String name() {
    return "nmissed++";
  }
}
