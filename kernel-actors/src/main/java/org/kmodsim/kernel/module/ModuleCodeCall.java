package org.kmodsim.kernel.module;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * How {@code call MODULE.FUNCTION} runs a module function's code once the module handed it out:
 * plainly, or through a check a later subsystem adds (kprobes: a probe on the function's text fires
 * before the body, as the int3 in the text would). Chosen where a machine's subsystems are put
 * together ({@code ModuleSubsystem.withCodeCall}), so the module subsystem knows nothing of
 * kprobes.
 */
@FunctionalInterface
public interface ModuleCodeCall {
  /** The step that runs {@code body}, the code of {@code module}'s {@code function}. */
  Step call(String module, String function, List<Step> body);

  /** The plain call: the body as a frame of its own. */
  ModuleCodeCall PLAIN = (module, function, body) -> new Plain(module + "." + function, body);

  /** A call of module code with no check. */
  @Step.Named("call")
  record Plain(String function, List<Step> body) implements Step {
    public Plain {
      body = List.copyOf(body);
    }

    @Override
    public StepResult run(CpuContext cpu) {
      cpu.call(function, body, 1);
      return StepResult.NEXT;
    }
  }
}
