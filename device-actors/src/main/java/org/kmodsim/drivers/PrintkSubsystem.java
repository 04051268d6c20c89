package org.kmodsim.drivers;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Services;
import org.kmodsim.drivers.tty.ConsoleSink;
import org.kmodsim.drivers.tty.NullConsole;
import org.kmodsim.drivers.tty.serial.SerialConsole;
import org.kmodsim.drivers.tty.serial.SerialSink;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.printk.Console;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.kernel.printk.PrintkCall;
import org.kmodsim.kernel.printk.PrintkSettings;
import org.kmodsim.kernel.printk.PrintkSteps;
import org.kmodsim.sim.Sim;

/**
 * Boots printk and the consoles (console_init, register_console for each console= entry): spawns
 * the console drivers, then the Printk actor with them registered (the first is the preferred
 * console, CON_CONSDEV; all replay the buffer, CON_PRINTBUFFER), registers the printk commands, and
 * tells Printk the CPUs' IPI addresses for panic(). The user-space side (syslog, dmesg, klogd) is
 * {@code org.kmodsim.userspace.rootfs.LogTools}.
 */
public final class PrintkSubsystem implements Subsystem {
  private final PrintkCall.Observer observer;
  private final ConsoleSink sink;
  private final SerialSink live;

  public PrintkSubsystem() {
    this(PrintkCall.Observer.NONE, null);
  }

  /**
   * With the factory of live serial lines the command line chose (a {@link StreamedTerminal} for
   * concurrent runs, null otherwise): used for serial consoles when kmodsim.serial.live is set.
   */
  public PrintkSubsystem(SerialSink live) {
    this(PrintkCall.Observer.NONE, null, live);
  }

  /**
   * With a measurement observer (the latency command) and a sink for console output (null: the
   * terminal when kmodsim.serial.live is set, else nowhere).
   */
  public PrintkSubsystem(PrintkCall.Observer observer, ConsoleSink sink) {
    this(observer, sink, null);
  }

  private PrintkSubsystem(PrintkCall.Observer observer, ConsoleSink sink, SerialSink live) {
    this.observer = observer;
    this.sink = sink;
    this.live = live;
  }

  @Override
  public String name() {
    return "printk";
  }

  @Override
  public void check(com.typesafe.config.Config config, org.kmodsim.kernel.Era era, int cpus) {
    PrintkSettings.fromConfig(config, era, cpus);
    ConsoleSettings.fromConfig(config);
  }

  @Override
  public Services boot(BootContext boot, Services booted) {
    Sim sim = boot.sim();
    PrintkSettings settings =
        boot.settings(
            PrintkSettings.class, b -> PrintkSettings.fromConfig(b.config(), b.era(), b.cpus()));
    ConsoleSettings consoles =
        boot.settings(ConsoleSettings.class, b -> ConsoleSettings.fromConfig(b.config()));
    ConsoleSink out =
        sink != null ? sink : consoles.live() ? ConsoleSink.TERMINAL : ConsoleSink.NONE;
    List<Printk.RegisterConsole> registered = new ArrayList<>();
    for (ConsoleSettings.Entry entry : consoles.consoles()) {
      EnumSet<Console.Flag> flags = EnumSet.of(Console.Flag.ENABLED, Console.Flag.PRINTBUFFER);
      if (registered.isEmpty()) {
        flags.add(Console.Flag.CONSDEV);
      }
      ConsoleSink consoleOut = out;
      if (sink == null
          && consoles.live()
          && live != null
          && entry.kind() == ConsoleSettings.Kind.SERIAL) {
        consoleOut = live.serial(boot.ctx().getSystem(), entry.name(), entry.uart());
      }
      registered.add(
          new Printk.RegisterConsole(entry.name(), flags, driver(boot, entry, consoleOut)));
    }
    ActorRef<Vfs.Command> vfs = booted.has(Vfs.KEY) ? booted.get(Vfs.KEY) : null;
    ActorRef<Printk.Command> printk =
        sim.spawn(boot.ctx(), Printk.create(sim, settings, vfs, observer, registered), "printk");
    new PrintkSteps(settings, sim.random("printk.ptr_key").nextLong()).register(boot.commands());
    return booted.with(Printk.KEY, printk);
  }

  private static ActorRef<Console.Command> driver(
      BootContext boot, ConsoleSettings.Entry entry, ConsoleSink out) {
    Sim sim = boot.sim();
    return switch (entry.kind()) {
      case SERIAL ->
          sim.spawn(
              boot.ctx(),
              SerialConsole.create(sim, entry.name(), entry.uart(), out),
              "console-" + entry.name());
      case NULL ->
          sim.spawn(
              boot.ctx(),
              NullConsole.create(sim, entry.name(), ConsoleSink.NONE),
              "console-" + entry.name());
      default ->
          sim.spawn(
              boot.ctx(), NullConsole.create(sim, entry.name(), out), "console-" + entry.name());
    };
  }

  @Override
  public void cpusOnline(
      BootContext boot, Services all, List<ActorRef<org.kmodsim.cpu.smp.Smp.Ipi>> cpus) {
    boot.sim().send(null, all.get(Printk.KEY), new Printk.CpusOnline(cpus));
  }
}
