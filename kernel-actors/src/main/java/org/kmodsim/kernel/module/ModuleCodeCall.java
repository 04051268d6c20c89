package org.kmodsim.kernel.module;

import java.util.List;
import org.kmodsim.cpu.Step;

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
  ModuleCodeCall PLAIN = (module, function, body) -> Step.call(module + "." + function, body);
}
