package org.kmodsim.scenarios.kprobes;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.Services;
import org.kmodsim.cpu.SetResult;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepParser;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KallsymsSettings;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.kprobes.KprobeManager;
import org.kmodsim.kernel.kprobes.KprobesSubsystem;
import org.kmodsim.kernel.kprobes.ProbeKey;
import org.kmodsim.scenarios.machine.MachineReport;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.scenarios.machine.ProgramSpec;
import org.kmodsim.sim.RunSpec;

/**
 * Machines with the kprobes subsystem for tests, with a module "mymod" in the kernel symbol table
 * but no module loader, plus test-only commands: {@code ret} prints the last result (the C return
 * value), and {@code module_going MOD} plays the module loader's GOING notification.
 */
final class KprobeTestKernel implements Subsystem {
  private KprobeTestKernel() {}

  static final Config CONFIG = ConfigFactory.load();
  private static final String KALLSYMS_ALL = "kmodsim.modules.kallsyms-all";

  @Override
  public String name() {
    return "kprobe-test";
  }

  @Override
  public Services boot(BootContext boot, Services booted) {
    boot.commands().register("ret", "ret", args -> new PrintResult());
    if (!boot.commands().has("return")) {
      boot.commands()
          .register("return", "return N", args -> new SetResult(Long.parseLong(args.get(0))));
    }
    boot.commands()
        .register(
            "wait_registered",
            "wait_registered NAME",
            args -> new WaitRegistered(new ProbeKey("", args.get(0))));
    boot.commands()
        .register("module_going", "module_going MOD", args -> new ModuleGoing(args.get(0)));
    ActorRef<Kallsyms.Command> kallsyms =
        boot.sim()
            .spawn(
                boot.ctx(),
                Kallsyms.create(
                    boot.sim(),
                    new KallsymsSettings(
                        boot.era(),
                        true,
                        boot.config().hasPath(KALLSYMS_ALL)
                            && boot.config().getBoolean(KALLSYMS_ALL),
                        0,
                        2),
                    booted.get(Vfs.KEY)),
                "kallsyms");
    boot.sim()
        .send(
            boot.ctx().getSelf(),
            kallsyms,
            new Kallsyms.AddModule("mymod", MODULE_TEXT, boot.ctx().getSystem().ignoreRef()));
    return booted.with(Kallsyms.KEY, kallsyms);
  }

  /** The text of a module "mymod" (my_fn, my_other_fn) next to vmlinux's symbols. */
  static final List<KernelSymbol> MODULE_TEXT =
      List.of(
          KernelSymbol.local("my_fn", 0xffffffffc0a01000L, 0x40, 't', "mymod"),
          KernelSymbol.local("my_other_fn", 0xffffffffc0a01040L, 0x60, 't', "mymod"));

  /** Polls kp.addr every 10us until registration filled it in. */
  record WaitRegistered(ProbeKey key) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(
          cpu.services().get(KprobeManager.KEY), new KprobeManager.ReadAddr(key, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      if (!(reply instanceof KprobeManager.Result)) {
        return run(cpu); // the busy wait is over
      }
      if (((KprobeManager.Result) reply).value() != 0) {
        return StepResult.NEXT;
      }
      return cpu.busyFor(10_000);
    }

    @Override
    public String name() {
      return "wait_registered";
    }
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
    return List.of(new KprobeTestKernel(), new KprobesSubsystem());
  }

  static MachineSpec machine(Era era, int cpus) {
    return new MachineSpec(CONFIG, era, cpus, subsystems(), List.of(), List.of(), Cred.root(), 0);
  }

  /** Runs a shell script; returns the transcript. */
  static List<MachineReport.ShellResult> sh(Era era, String script) {
    MachineSpec spec = machine(era, 2).withShell(CommandLine.splitList(script), Cred.root());
    return MachineRun.run(spec, RunSpec.deterministic(1)).report().shellResults();
  }

  /** Runs a shell script on a machine whose configuration has {@code overrides} over the test's. */
  static List<MachineReport.ShellResult> sh(Era era, String script, String overrides) {
    MachineSpec spec =
        new MachineSpec(
            ConfigFactory.parseString(overrides).withFallback(CONFIG),
            era,
            2,
            subsystems(),
            List.of(),
            CommandLine.splitList(script),
            Cred.root(),
            0);
    return MachineRun.run(spec, RunSpec.deterministic(1)).report().shellResults();
  }

  /** A program given as HOCON steps on one CPU. */
  static ProgramSpec program(int cpu, String name, String hoconSteps) {
    return ProgramSpec.of(
        cpu,
        name,
        commands ->
            new StepParser(commands)
                .parse(ConfigFactory.parseString("p = " + hoconSteps).getValue("p")));
  }

  static ProgramSpec program(int cpu, String name, long startAtNanos, String hoconSteps) {
    ProgramSpec p = program(cpu, name, hoconSteps);
    return new ProgramSpec(p.cpu(), p.name(), p.steps(), startAtNanos, p.cred());
  }
}
