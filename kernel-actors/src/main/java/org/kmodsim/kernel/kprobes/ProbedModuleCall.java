package org.kmodsim.kernel.kprobes;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.kallsyms.Kallsyms;

/**
 * A call of a module function through the probe check: kallsyms gives the function's text ({@code
 * module:function}), then {@link ProbedCall} runs into any probe there before the body. The module
 * subsystem's {@code call MODULE.FUNCTION} runs module code through this when the machine is put
 * together with kprobes ({@code ModuleSubsystem.withCodeCall(ProbedModuleCall::new)}); without the
 * kprobes subsystem booted it is a plain call.
 */
@Step.Named("call")
public record ProbedModuleCall(String module, String function, List<Step> body) implements Step {
  public ProbedModuleCall {
    body = List.copyOf(body);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    if (!cpu.services().has(KprobeManager.KEY)) {
      return cpu.calling(module + "." + function, body);
    }
    return cpu.request(
        Kallsyms.KEY,
        r -> new Kallsyms.FindSymbol(module + ":" + function, r),
        Kallsyms.SymbolReply.class,
        this::found);
  }

  private StepResult found(CpuContext cpu, Kallsyms.SymbolReply reply) {
    String name = module + "." + function;
    if (!(reply instanceof Kallsyms.Found found)) {
      return cpu.calling(name, body);
    }
    long text = found.symbol().address();
    return cpu.calling(
        name, List.of(new ProbedCall(text, text + found.symbol().size(), name, body)));
  }
}
