package org.kmodsim.kernel.kprobes;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * A call of a module function through the probe check: kallsyms gives the function's text
 * ({@code module:function}), then {@link ProbedCall} runs into any probe there before the body.
 * The module subsystem's {@code call MODULE.FUNCTION} runs module code through this; without the
 * kprobes subsystem it is a plain call.
 */
public record ProbedModuleCall(String module, String function, List<Step> body) implements Step {
  public ProbedModuleCall {
    body = List.copyOf(body);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    if (!cpu.services().has(KprobeManager.KEY) || !cpu.services().has(SymbolLookup.KEY)) {
      cpu.call(module + "." + function, body, 1);
      return StepResult.NEXT;
    }
    cpu.send(cpu.services().get(SymbolLookup.KEY),
        new SymbolLookup.ByName(module + ":" + function, cpu.replyTo()));
    return StepResult.WAIT;
  }

  @Override
  public StepResult resume(CpuContext cpu, Object reply) {
    if (!(reply instanceof SymbolLookup.Found)) {
      cpu.call(module + "." + function, body, 1);
      return StepResult.NEXT;
    }
    KernelSymbolInfo symbol = ((SymbolLookup.Found) reply).symbol();
    cpu.call(module + "." + function, List.of(new ProbedCall(symbol.address(),
        symbol.address() + symbol.size(), module + "." + function, body)), 1);
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "call";
  }
}
