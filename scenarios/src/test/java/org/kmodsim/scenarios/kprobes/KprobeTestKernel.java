package org.kmodsim.scenarios.kprobes;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.kmodsim.kernel.kprobes.BuiltinKernelText;
import org.kmodsim.kernel.kprobes.KernelSymbolInfo;
import org.kmodsim.kernel.kprobes.SymbolLookup;
import org.kmodsim.sim.Sim;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.cpu.Services;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.kprobes.KprobeManager;
import org.kmodsim.kernel.kprobes.ProbeKey;
import org.kmodsim.kernel.kprobes.KprobesSubsystem;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.SetResult;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepParser;
import org.kmodsim.cpu.StepResult;
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
    if (!boot.commands().has("return")) {
      boot.commands().register("return", "return N",
          args -> new SetResult(Long.parseLong(args.get(0))));
    }
    boot.commands().register("wait_registered", "wait_registered NAME",
        args -> new WaitRegistered(new ProbeKey("", args.get(0))));
    boot.commands().register("module_going", "module_going MOD",
        args -> new ModuleGoing(args.get(0)));
    return booted.with(SymbolLookup.KEY, boot.sim().spawn(boot.ctx(),
        TestSymbols.create(boot.sim(), BuiltinKernelText.of(boot.era())), "kallsyms"));
  }

  /** The built-in vmlinux table plus the text of a module "mymod" (my_fn, my_other_fn). */
  static final List<KernelSymbolInfo> MODULE_TEXT = List.of(
      new KernelSymbolInfo("my_fn", 0xffffffffc0a01000L, 0x40, 't', "mymod"),
      new KernelSymbolInfo("my_other_fn", 0xffffffffc0a01040L, 0x60, 't', "mymod"));

  static final class TestSymbols {
    static Behavior<SymbolLookup.Request> create(Sim sim, BuiltinKernelText text) {
      return Behaviors.setup(ctx -> Behaviors.receive(SymbolLookup.Request.class)
          .onMessage(SymbolLookup.ByName.class, q -> {
            Optional<KernelSymbolInfo> found = text.byName(q.name()).or(() ->
                MODULE_TEXT.stream().filter(s -> s.name().equals(q.name())).findFirst());
            sim.send(ctx.getSelf(), q.replyTo(), reply(found, q.name()));
            return Behaviors.same();
          })
          .onMessage(SymbolLookup.ByAddress.class, q -> {
            Optional<KernelSymbolInfo> found = text.byAddress(q.address()).or(() ->
                MODULE_TEXT.stream().filter(s -> s.contains(q.address())).findFirst());
            sim.send(ctx.getSelf(), q.replyTo(), reply(found, "address"));
            return Behaviors.same();
          })
          .build());
    }

    static SymbolLookup.Reply reply(Optional<KernelSymbolInfo> found, String what) {
      return found.<SymbolLookup.Reply>map(SymbolLookup.Found::new)
          .orElse(new SymbolLookup.NotFound(what));
    }
  }

  /** Polls kp.addr every 10us until registration filled it in. */
  record WaitRegistered(ProbeKey key) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(KprobeManager.KEY),
          new KprobeManager.ReadAddr(key, cpu.replyTo()));
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
    return MachineRun.run(spec, RunSpec.deterministic(1)).report()
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
