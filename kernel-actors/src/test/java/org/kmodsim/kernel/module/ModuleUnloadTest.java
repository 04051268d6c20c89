package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.smp.PerCpuAreas;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.printk.KernelLog;
import org.kmodsim.sim.testkit.SimProbe;
import org.kmodsim.sim.testkit.SimTestKit;

/**
 * The loader with the deterministic test kit: probes in the place of the CPU (the syscall's caller)
 * and of a notifier subscriber, every message a delivery of the engine.
 */
class ModuleUnloadTest {
  private static final Era ERA = Era.V6_X;

  /** A loader, kallsyms and the module memory, spawned in {@code kit}. */
  record Loader(ActorRef<ModuleLoader.Command> ref, ModuleTable table) {}

  static Loader loader(SimTestKit kit) {
    ModuleSettings settings = ModuleSettings.defaults(ERA);
    ModuleTable table = new ModuleTable(ERA, new PerCpuAreas(1));
    ActorRef<Vfs.Command> vfs = kit.spawn(Behaviors.ignore(), "vfs");
    ActorRef<Kallsyms.Command> kallsyms =
        kit.spawn(sim -> Kallsyms.create(sim, settings.kallsyms(), vfs), "kallsyms");
    ActorRef<ModuleLoader.Command> loader =
        kit.spawn(
            sim -> {
              Commands commands = Commands.standard();
              ModuleSteps.register(commands, settings, table, ModuleCodeCall.PLAIN);
              commands.register("printk", "printk TEXT", args -> FallbackPrintk.of(args, ERA));
              return ModuleLoader.create(
                  sim,
                  new ModuleLoader.Deps(
                      settings, commands, KernelLog.trace(sim), vfs, kallsyms, table));
            },
            "module-loader");
    return new Loader(loader, table);
  }

  static void insmod(SimProbe<ModuleLoader.LoadReply> cpu, Loader loader, String file) {
    cpu.send(
        loader.ref(),
        new ModuleLoader.LoadModule(
            LoadInfo.of(Samples.load(file, ERA), ""), Cred.root(), 0, cpu.ref()));
    ModuleLoader.RunInit init = cpu.expectMessage(ModuleLoader.RunInit.class);
    cpu.send(init.loader(), new ModuleLoader.InitDone(init.load(), 0));
    assertThat(cpu.expectMessage(ModuleLoader.Loaded.class).name())
        .isEqualTo(Samples.load(file, ERA).name());
  }

  static ModuleLoader.DeleteModule rmmod(String name, SimProbe<ModuleLoader.DeleteReply> cpu) {
    return new ModuleLoader.DeleteModule(name, true, false, Cred.root(), 0, Map.of(), cpu.ref());
  }

  @Test
  void anUnloadRunsExitOnTheCallerThenFreesTheModule() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      Loader loader = loader(kit);
      SimProbe<ModuleLoader.LoadReply> load = kit.probe(ModuleLoader.LoadReply.class, "cpu0");
      SimProbe<ModuleLoader.DeleteReply> delete =
          kit.probe(ModuleLoader.DeleteReply.class, "cpu0-delete");
      insmod(load, loader, "hello.conf");

      delete.send(loader.ref(), rmmod("hello", delete));
      ModuleLoader.RunExit exit = delete.expectMessage(ModuleLoader.RunExit.class);
      assertThat(exit.name()).isEqualTo("hello");
      assertThat(loader.table().pointer("hello").state()).isEqualTo(ModuleState.GOING);
      assertThat(loader.table().pointer("hello").freed()).isFalse();
      delete.send(loader.ref(), new ModuleLoader.ExitDone("hello", delete.ref()));
      delete.expectMessage(new ModuleLoader.Deleted("hello"));
      assertThat(loader.table().pointer("hello").freed()).isTrue();
      delete.send(loader.ref(), rmmod("hello", delete));
      delete.expectMessage(new ModuleLoader.DeleteFailed(Errno.ENOENT));
    }
  }

  @Test
  void theLoadWaitsForEachNotifierCallbackToReturn() {
    try (SimTestKit kit = SimTestKit.deterministic(1)) {
      Loader loader = loader(kit);
      SimProbe<ModuleEvent> subscriber = kit.probe(ModuleEvent.class, "subscriber");
      SimProbe<ModuleLoader.LoadReply> cpu = kit.probe(ModuleLoader.LoadReply.class, "cpu0");
      subscriber.send(loader.ref(), new ModuleLoader.Subscribe(subscriber.ref()));
      cpu.send(
          loader.ref(),
          new ModuleLoader.LoadModule(
              LoadInfo.of(Samples.load("hello.conf", ERA), ""), Cred.root(), 0, cpu.ref()));

      ModuleEvent coming = subscriber.expectMessage(ModuleEvent.ModuleComing.class);
      cpu.expectNoMessage(); // COMING has not returned: no parse_args, no init
      assertThat(loader.table().pointer("hello").state()).isEqualTo(ModuleState.COMING);
      subscriber.send(coming.replyTo(), ModuleEvent.Notified.ok("hello"));
      ModuleLoader.RunInit init = cpu.expectMessage(ModuleLoader.RunInit.class);
      cpu.send(init.loader(), new ModuleLoader.InitDone(init.load(), 0));
      ModuleEvent live = subscriber.expectMessage(ModuleEvent.ModuleLive.class);
      cpu.expectNoMessage(); // init_module returns only after the LIVE chain
      subscriber.send(live.replyTo(), ModuleEvent.Notified.ok("hello"));
      cpu.expectMessage(new ModuleLoader.Loaded("hello"));
      assertThat(loader.table().pointer("hello").refcount()).isZero();
    }
  }
}
