package org.kmodsim.scenarios.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.ReceiveTable;
import org.kmodsim.cpu.Services;
import org.kmodsim.cpu.SharedCounter;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.smp.PerCpuAreas;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.scenarios.shell.Shell;
import org.kmodsim.sim.Access;
import org.kmodsim.sim.Sim;
import org.kmodsim.sim.config.ConfigValues;
import org.kmodsim.userspace.rootfs.RootFs;

/**
 * The guardian of one run (init/main.c start_kernel, reduced): boots the VFS and the kernel
 * subsystems in order, brings the CPUs online, runs the boot commands (as root, on the shell CPU),
 * then starts the programs and the batch shell, and halts the machine when all of them have
 * finished. Program start times count from the end of the boot commands.
 *
 * <p>Owns: 1. the boot state (which CPUs are online, boot commands running); 2. the programs still
 * running.
 */
public final class Machine extends AbstractBehavior<Machine.Command> {
  /** Marks of the run's counters ({@link Sim#mark}): programs started, warm-up over, stopped. */
  public static final String STARTED = "started", WARMED_UP = "warmed up", STOPPED = "stopped";

  public sealed interface Command {}

  private record CpuEvent(Cpu.Event event) implements Command {}

  private record StartProgram(int index) implements Command {}

  private enum StopPrograms implements Command {
    INSTANCE
  }

  private enum Settled implements Command {
    INSTANCE
  }

  private enum InitcallsDone implements Command {
    INSTANCE
  }

  /** {@code kmodsim.machine.warm-up} after the programs started. */
  private enum WarmedUp implements Command {
    INSTANCE
  }

  /** A shell finished its script. */
  private enum ShellDone implements Command {
    INSTANCE
  }

  public static Behavior<Command> create(Sim sim, MachineSpec spec, MachineReport report) {
    return Behaviors.setup(ctx -> new Machine(ctx, sim, spec, report, null));
  }

  /**
   * A machine whose shell is interactive: after boot it starts an interactive shell attached to
   * {@code terminal} (instead of the spec's script) and halts when that shell exits.
   */
  public static Behavior<Command> create(
      Sim sim, MachineSpec spec, MachineReport report, Shell.Terminal terminal) {
    return Behaviors.setup(ctx -> new Machine(ctx, sim, spec, report, terminal));
  }

  private final Sim sim;
  private final MachineSpec spec;
  private final MachineReport report;
  private final Commands commands;
  private final BootContext boot;
  private final Services services;
  private final List<ActorRef<Cpu.Command>> cpus = new ArrayList<>();
  private final TreeMap<Integer, ActorRef<Smp.Ipi>> online = new TreeMap<>();
  private final List<List<Step>> programSteps = new ArrayList<>();
  private int running;
  private boolean booting;
  private boolean inFinale;

  /** kmodsim.machine.cache-line-transfer, read once per configuration. */
  private record CacheLineTransfer(long nanos) {}

  /** kmodsim.machine.warm-up, read once per configuration. */
  private record WarmUp(long nanos) {}

  /** The time init takes to start a dead task again. */
  private static final long RESPAWN_NANOS = 50_000;

  private int daemons;
  private boolean stopping;

  private final Shell.Terminal terminal;

  private Machine(
      ActorContext<Command> ctx,
      Sim sim,
      MachineSpec spec,
      MachineReport report,
      Shell.Terminal terminal) {
    super(ctx);
    this.sim = sim;
    this.terminal = terminal;
    this.spec = spec;
    this.report = report;
    this.commands = Commands.standard();
    this.boot =
        new BootContext(
            sim,
            ctx,
            spec.config(),
            spec.era(),
            spec.cpus(),
            commands,
            new PerCpuAreas(sim, spec.cpus()));
    sim.sharedState(PerCpuAreas.REGION, boot.perCpu());
    Services booted = spec.bare() ? Services.empty() : machineServices(ctx, sim, spec, boot);
    for (Subsystem subsystem : spec.subsystems()) {
      booted = subsystem.boot(boot, booted);
    }
    this.services = booted;
    if (!spec.bare()) {
      RootFs.install(commands, booted, boot);
    }
    commands.freeze();
    ActorRef<Cpu.Event> events = ctx.messageAdapter(Cpu.Event.class, CpuEvent::new);
    for (int i = 0; i < spec.cpus(); i++) {
      cpus.add(
          sim.spawn(
              ctx,
              Cpu.create(sim, i, spec.cpus(), services, events, boot.perCpu().of(i)),
              "cpu" + i));
    }
  }

  /** The machine's own services for user space: the VFS and the shared counter. */
  private static Services machineServices(
      ActorContext<Command> ctx, Sim sim, MachineSpec spec, BootContext boot) {
    // /proc/version and kernel.osrelease are the VFS's own files: fixed at boot (init/version.c)
    ActorRef<Vfs.Command> vfs =
        sim.spawn(ctx, Vfs.create(sim, UtsnameFiles.of(boot).files()), "vfs");
    long transfer =
        boot.settings(
                CacheLineTransfer.class,
                b ->
                    new CacheLineTransfer(
                        ConfigValues.of(b.config(), "kmodsim.machine")
                            .duration("cache-line-transfer")))
            .nanos();
    return Services.empty()
        .with(Vfs.KEY, vfs)
        .with(
            SharedCounter.KEY,
            sim.spawn(ctx, SharedCounter.create(sim, transfer), "shared-counter"));
  }

  @Override
  public Receive<Command> createReceive() {
    return RECEIVE.receive(this);
  }

  /** Built once for the machine of every run ({@link ReceiveTable}). */
  private static final ReceiveTable<Machine, Command> RECEIVE =
      ReceiveTable.<Machine, Command>builder()
          .on(CpuEvent.class, Machine::onCpuEvent)
          .on(StartProgram.class, Machine::onStartProgram)
          .onEquals(ShellDone.INSTANCE, Machine::onShellDone)
          .onEquals(StopPrograms.INSTANCE, Machine::onStopPrograms)
          .onEquals(Settled.INSTANCE, Machine::onSettled)
          .onEquals(InitcallsDone.INSTANCE, Machine::onInitcallsDone)
          .onEquals(WarmedUp.INSTANCE, Machine::onWarmedUp)
          .build();

  private Behavior<Command> onCpuEvent(CpuEvent wrapped) {
    Cpu.Event event = wrapped.event();
    if (event instanceof Cpu.CpuOnline up) {
      online.put(up.cpu(), up.ipi());
      if (online.size() == spec.cpus()) {
        smpInit();
      }
    } else if (event instanceof Cpu.ProgramFinished finished) {
      declareFinish(finished);
      report.programFinished(finished);
      if (respawn(finished)) {
        return this;
      }
      if (isDaemon(finished)) {
        daemons--;
        finishedOne(0);
      } else {
        finishedOne(1);
      }
    }
    return this;
  }

  /** All CPUs are online: tell the subsystems, then start the work. */
  private void smpInit() {
    List<ActorRef<Smp.Ipi>> ipis = List.copyOf(online.values());
    for (Subsystem subsystem : spec.subsystems()) {
      subsystem.cpusOnline(boot, services, ipis);
    }
    // The subsystems' actors mount their files and register their consoles with messages of
    // their own; user space starts once all of that has been delivered (a timer of no delay
    // fires only then), as init starts only after the kernel's initcalls have run.
    sim.startTimer(getContext().getSelf(), "initcalls", 0, InitcallsDone.INSTANCE);
  }

  private Behavior<Command> onInitcallsDone() {
    report.booted(sim.nowNanos());
    if (!spec.bootScript().isEmpty()) {
      booting = true;
      spawnScript(spec.bootScript(), Cred.root(), "boot");
      return this;
    }
    startWork();
    return this;
  }

  /** Boot commands done (or none): start the programs and the shell script. */
  private void startWork() {
    try {
      for (ProgramSpec program : spec.programs()) {
        programSteps.add(program.steps().apply(commands));
      }
    } catch (IllegalArgumentException e) {
      report.bootFailed(e.getMessage());
      sim.halt("boot failed: " + e.getMessage());
      return;
    }
    for (int i = 0; i < spec.programs().size(); i++) {
      if (spec.programs().get(i).daemon()) {
        daemons++;
      } else {
        running++;
      }
      sim.startTimer(
          getContext().getSelf(),
          "start-" + i,
          spec.programs().get(i).startAtNanos(),
          new StartProgram(i));
    }
    if (terminal != null) {
      running++;
      sim.spawn(
          getContext(),
          Shell.interactive(
              sim,
              commands,
              cpus.get(spec.shellCpu()),
              spec.shellUser(),
              terminal,
              getContext().getSelf(),
              ShellDone.INSTANCE),
          "shell");
    } else if (!spec.shellScript().isEmpty()) {
      running++;
      spawnScript(spec.shellScript(), spec.shellUser(), "shell");
    }
    sim.mark(STARTED);
    if (running == 0 && daemons == 0) {
      sim.halt("booted; nothing to run");
      return;
    }
    long warmUp =
        boot.settings(
                WarmUp.class,
                b -> new WarmUp(ConfigValues.of(b.config(), "kmodsim.machine").duration("warm-up")))
            .nanos();
    if (warmUp > 0) {
      sim.startTimer(getContext().getSelf(), "warm-up", warmUp, WarmedUp.INSTANCE);
    }
    if (spec.stopAtNanos() > 0) {
      sim.startTimer(getContext().getSelf(), "stop", spec.stopAtNanos(), StopPrograms.INSTANCE);
    }
  }

  /**
   * A batch shell running {@code script} as {@code cred} on the shell CPU; ShellDone at its end.
   */
  private void spawnScript(List<String> script, Cred cred, String name) {
    sim.spawn(
        getContext(),
        Shell.create(
            sim,
            commands,
            cpus.get(spec.shellCpu()),
            script,
            cred,
            report,
            getContext().getSelf(),
            ShellDone.INSTANCE),
        name);
  }

  /**
   * Halts once what is in flight at this instant has been delivered (a timer of no delay fires only
   * then): a panic a dying task set off, say, takes precedence over "all programs finished".
   */
  private void haltWhenSettled() {
    sim.startTimer(getContext().getSelf(), "halt", 0, Settled.INSTANCE);
  }

  private Behavior<Command> onSettled() {
    sim.halt("all programs finished");
    return this;
  }

  private Behavior<Command> onWarmedUp() {
    sim.mark(WARMED_UP);
    return this;
  }

  private Behavior<Command> onStopPrograms() {
    sim.mark(STOPPED);
    stopping = true;
    for (ActorRef<Cpu.Command> cpu : cpus) {
      sim.send(getContext().getSelf(), cpu, new Cpu.KillPrograms("duration reached"));
    }
    return this;
  }

  private Behavior<Command> onStartProgram(StartProgram start) {
    ProgramSpec program = spec.programs().get(start.index());
    sim.send(
        getContext().getSelf(),
        cpus.get(program.cpu()),
        new Cpu.RunProgram(program.name(), programSteps.get(start.index()), program.cred(), null));
    return this;
  }

  private Behavior<Command> onShellDone() {
    if (booting) {
      booting = false;
      startWork();
      return this;
    }
    if (inFinale) {
      haltWhenSettled();
      return this;
    }
    finishedOne(1);
    return this;
  }

  /**
   * For schedule reduction: an ordinary program's end (no respawn, no daemon to kill, no finale)
   * records its exit status and counts it down, and the last one starts the halt. Two of them leave
   * the same state in either order, so they commute; anything else touches the whole machine.
   */
  private void declareFinish(Cpu.ProgramFinished finished) {
    if (finished.exitStatus() == 137 || isDaemon(finished) || daemons > 0 || inFinale) {
      return;
    }
    if (!spec.finaleScript().isEmpty()) {
      return;
    }
    ActorRef<Command> self = getContext().getSelf();
    sim.accessOwn(self, "exit:" + finished.program(), Access.WRITE);
    sim.accessOwn(self, "daemons", Access.READ);
    sim.accessOwn(self, "running", Access.COMMUTING);
  }

  /** A respawning program killed by an oops (not by the machine) starts again. */
  private boolean respawn(Cpu.ProgramFinished finished) {
    if (finished.exitStatus() != 137 || stopping) {
      return false;
    }
    for (int i = 0; i < spec.programs().size(); i++) {
      ProgramSpec program = spec.programs().get(i);
      if (program.respawn() && ranAs(program, finished)) {
        // fork and exec take time: a task that dies at once cannot respawn in zero time
        sim.startTimer(getContext().getSelf(), "respawn-" + i, RESPAWN_NANOS, new StartProgram(i));
        return true;
      }
    }
    return false;
  }

  private boolean isDaemon(Cpu.ProgramFinished finished) {
    for (ProgramSpec program : spec.programs()) {
      if (program.daemon() && ranAs(program, finished)) {
        return true;
      }
    }
    return false;
  }

  /** One program (or none, for a daemon) finished: kill daemons, then finale, then halt. */
  private void finishedOne(int programs) {
    running -= programs;
    if (running == 0 && daemons > 0) {
      stopping = true;
      if (programs > 0) {
        for (ProgramSpec program : spec.programs()) {
          if (program.daemon()) {
            sim.send(
                getContext().getSelf(),
                cpus.get(program.cpu()),
                new Cpu.KillPrograms("the other programs have finished"));
          }
        }
      }
      return;
    }
    if (running > 0 || inFinale) {
      return;
    }
    if (!spec.finaleScript().isEmpty()) {
      inFinale = true;
      spawnScript(spec.finaleScript(), Cred.root(), "finale");
    } else {
      haltWhenSettled();
    }
  }

  /** Whether the finished program is {@code program}: its name on its CPU. */
  private static boolean ranAs(ProgramSpec program, Cpu.ProgramFinished finished) {
    return program.cpu() == finished.cpu() && program.name().equals(finished.program());
  }
}
