package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.Services;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.sim.testkit.SimProbe;
import org.kmodsim.sim.testkit.SimTestKit;

/** kmod's rmmod on a CPU, with the VFS and the loader as probes. */
class RmmodTest {
  private final SimTestKit kit = SimTestKit.deterministic(1);
  private final SimProbe<Cpu.Event> machine = kit.probe(Cpu.Event.class, "machine");
  private final SimProbe<Vfs.Command> vfs = kit.probe(Vfs.Command.class, "vfs");
  private final SimProbe<ModuleLoader.Command> loader =
      kit.probe(ModuleLoader.Command.class, "loader");
  private final ActorRef<Cpu.Command> cpu =
      kit.spawn(
          Cpu.create(
              kit.sim(),
              0,
              1,
              Services.empty().with(Vfs.KEY, vfs.ref()).with(ModuleLoader.KEY, loader.ref()),
              machine.ref()),
          "cpu0");

  private void rmmod(String... args) {
    machine.send(cpu, new Cpu.RunProgram("rmmod", List.of(Rmmod.parse(List.of(args), Era.V6_X))));
    machine.expectMessage(Cpu.CpuOnline.class);
  }

  /** The next file request, answered with {@code procModules}. */
  private void answerProcModules(String procModules) {
    FileRequest read = vfs.expectMessage(Vfs.Request.class).request();
    assertThat(read).isInstanceOf(FileRequest.Read.class);
    assertThat(read.path()).isEqualTo("/proc/modules");
    vfs.send(read.replyTo(), new FileReply.Content(procModules));
  }

  @Test
  void refusesAModuleInUseWithoutCallingDeleteModuleAndGoesOnWithTheNext() {
    try (kit) {
      rmmod("exporter", "hello");
      answerProcModules("exporter 16384 1 importer, Live 0x0\n");
      loader.expectNoMessage();
      answerProcModules("hello 16384 0 - Live 0x0\n");
      ModuleLoader.DeleteModule delete = loader.expectMessage(ModuleLoader.DeleteModule.class);
      assertThat(delete.name()).isEqualTo("hello");
      assertThat(delete.nonblock()).isTrue();
      loader.send(delete.replyTo(), new ModuleLoader.DeleteFailed(Errno.EBUSY));
      Cpu.ProgramFinished done = machine.expectMessage(Cpu.ProgramFinished.class);
      assertThat(done.errors())
          .isEqualTo(
              "rmmod: ERROR: Module exporter is in use by: importer\n"
                  + "rmmod: ERROR: could not remove 'hello': "
                  + Errno.EBUSY.message()
                  + "\n"
                  + "rmmod: ERROR: could not remove module hello: "
                  + Errno.EBUSY.message()
                  + "\n");
      assertThat(done.exitStatus()).isEqualTo(1);
    }
  }

  @Test
  void forceSkipsTheCheckAndAsksForOTrunc() {
    try (kit) {
      rmmod("-f", "hello");
      ModuleLoader.DeleteModule delete = loader.expectMessage(ModuleLoader.DeleteModule.class);
      assertThat(delete.force()).isTrue();
      vfs.expectNoMessage();
      loader.send(delete.replyTo(), new ModuleLoader.Deleted("hello"));
      Cpu.ProgramFinished done = machine.expectMessage(Cpu.ProgramFinished.class);
      assertThat(done.errors()).isEmpty();
      assertThat(done.exitStatus()).isZero();
    }
  }
}
