package org.kmodsim.scenarios.kprobes;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Services;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.kprobes.KprobeManager;
import org.kmodsim.kernel.kprobes.KprobesSubsystem;
import org.kmodsim.kernel.step.CommandLine;
import org.kmodsim.kernel.step.CpuContext;
import org.kmodsim.kernel.step.Step;
import org.kmodsim.kernel.step.StepParser;
import org.kmodsim.kernel.step.StepResult;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.sim.RunSpec;

/**
 * Machines with the kprobes subsystem for tests, plus two test-only commands: {@code ret} prints
 * the last result (the C return value), and {@code module_going MOD} plays the module loader's
 * GOING notification.
 */
final class KprobeTestKernel implements Subsystem {
  private KprobeTestKernel() {}

  static final Config CONFIG = ConfigFactory.load();

  @Override
  public String name() {
    return "kprobe-test";
  }

  @Override
  public Services boot(BootContext boot, Services booted) {
    boot.commands().register("ret", "ret", args -> new PrintResult());
    boot.commands().register("module_going", "module_going MOD",
        args -> new ModuleGoing(args.get(0)));
    return booted;
  }

  record PrintResult() implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.out(cpu.result() + "\n");
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "ret";
    }
  }

  record ModuleGoing(String module) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      ActorRef<KprobeManager.Command> manager = cpu.services().get(KprobeManager.KEY);
      cpu.send(manager, new KprobeManager.ModuleGoing(module));
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "module_going";
    }
  }

  static List<Subsystem> subsystems() {
    return List.of(new KprobesSubsystem(), new KprobeTestKernel());
  }

  static MachineSpec machine(Era era, int cpus) {
    return new MachineSpec(CONFIG, era, cpus, subsystems(), List.of(), List.of(), Cred.root(), 0);
  }

  /** Runs a shell script; returns the transcript. */
  static List<MachineReport.ShellResult> sh(Era era, String script) {
    MachineSpec spec = machine(era, 2).withShell(CommandLine.splitList(script), Cred.root());
    return MachineRun.run(spec, RunSpec.deterministic(1, "machine", null)).report()
        .shellResults();
  }

  /** A program given as HOCON steps on one CPU. */
  static ProgramSpec program(int cpu, String name, String hoconSteps) {
    return ProgramSpec.of(cpu, name, commands -> new StepParser(commands)
        .parse(ConfigFactory.parseString("p = " + hoconSteps).getValue("p")));
  }

  static ProgramSpec program(int cpu, String name, long startAtNanos, String hoconSteps) {
    ProgramSpec p = program(cpu, name, hoconSteps);
    return new ProgramSpec(p.cpu(), p.name(), p.steps(), startAtNanos, p.cred());
  }
}
