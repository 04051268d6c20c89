package org.kmodsim.kernel.module.samples;

import java.util.List;
import java.util.Set;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.module.ModuleBehaviour;

/**
 * The code of the {@code whichcpu} sample module, in Java: init and exit print a line, and {@code
 * whoami} returns {@code smp_processor_id()}, the number of the CPU that runs it, from a step
 * written in Java.
 */
public final class WhichCpu implements ModuleBehaviour {
  @Override
  public Set<String> functions() {
    return Set.of("init", "exit", "whoami");
  }

  @Override
  public List<Step> function(String function, Commands commands) {
    return switch (function) {
      case "init" ->
          List.of(
              commands.parse("printk KERN_INFO \"whichcpu: loaded\""), commands.parse("return 0"));
      case "exit" -> List.of(commands.parse("printk KERN_INFO \"whichcpu: unloaded\""));
      default -> List.of(new SmpProcessorId());
    };
  }

  /** {@code return smp_processor_id();} */
  @Step.Named("smp_processor_id")
  record SmpProcessorId() implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      return cpu.returning(cpu.cpuId());
    }
  }
}
