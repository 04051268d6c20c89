package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cpu;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Services;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.sim.testkit.SimProbe;
import org.kmodsim.sim.testkit.SimTestKit;

/**
 * The kernel half of the module system calls on a CPU, with the loader and the load as probes: init
 * and exit run on the caller before the call returns its final answer.
 */
class ModuleSyscallsTest {
  /** A step that prints its text. */
  record Say(String text) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.out(text);
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "say";
    }
  }

  /** A step that makes one system call through {@code call}. */
  record Call(Function<CpuContext, StepResult> call) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      return call.apply(cpu);
    }

    @Override
    public String name() {
      return "call";
    }
  }

  /** Prints the C return value of the step before. */
  static final Step PRINT_RESULT =
      new Call(
          cpu -> {
            cpu.out("=" + cpu.result() + "\n");
            return StepResult.NEXT;
          });

  private final SimTestKit kit = SimTestKit.deterministic(1);
  private final SimProbe<Cpu.Event> machine = kit.probe(Cpu.Event.class, "machine");
  private final SimProbe<ModuleLoader.Command> loader =
      kit.probe(ModuleLoader.Command.class, "loader");
  private final ActorRef<Cpu.Command> cpu =
      kit.spawn(
          Cpu.create(
              kit.sim(),
              0,
              1,
              Services.empty().with(ModuleLoader.KEY, loader.ref()),
              machine.ref()),
          "cpu0");

  private void run(Step call) {
    machine.send(cpu, new Cpu.RunProgram("test", List.of(call, PRINT_RESULT)));
    machine.expectMessage(Cpu.CpuOnline.class);
  }

  @Test
  void initModuleRunsInitOnTheCallerAndReturnsTheVerdictAfterIt() {
    try (kit) {
      LoadInfo info = LoadInfo.of(Samples.load("hello.conf", Era.V6_X), "");
      run(
          new Call(
              c -> ModuleSyscalls.initModule(c, info, Then.result(ModuleSyscalls::returnValue))));
      ModuleLoader.LoadModule load = loader.expectMessage(ModuleLoader.LoadModule.class);
      assertThat(load.info()).isEqualTo(info);
      loader.send(
          load.replyTo(),
          new ModuleLoader.RunInit("hello", List.of(new Say("init\n")), loader.ref(), 7));
      ModuleLoader.InitDone initDone = loader.expectMessage(ModuleLoader.InitDone.class);
      assertThat(initDone.load()).isEqualTo(7);
      assertThat(initDone.result()).isZero();
      machine.expectNoMessage();
      loader.send(load.replyTo(), new ModuleLoader.LoadFailed(Errno.ENOENT));
      Cpu.ProgramFinished done = machine.expectMessage(Cpu.ProgramFinished.class);
      assertThat(done.output()).isEqualTo("init\n=-2\n");
    }
  }

  @Test
  void deleteModuleRunsEveryExitTheLoaderHandsOverBeforeItReturns() {
    try (kit) {
      run(
          new Call(
              c ->
                  ModuleSyscalls.deleteModule(
                      c, null, true, false, Then.result(ModuleSyscalls::returnValue))));
      ModuleLoader.DeleteModule delete = loader.expectMessage(ModuleLoader.DeleteModule.class);
      assertThat(delete.name()).isNull();
      assertThat(delete.nonblock()).isTrue();
      for (String reaped : List.of("importer", "exporter")) {
        loader.send(
            delete.replyTo(),
            new ModuleLoader.RunExit(reaped, List.of(new Say("exit " + reaped + "\n"))));
        assertThat(loader.expectMessage(ModuleLoader.ExitDone.class).name()).isEqualTo(reaped);
      }
      loader.send(delete.replyTo(), new ModuleLoader.Deleted("exporter"));
      Cpu.ProgramFinished done = machine.expectMessage(Cpu.ProgramFinished.class);
      assertThat(done.output()).isEqualTo("exit importer\nexit exporter\n=0\n");
      loader.expectNoMessage();
    }
  }
}
