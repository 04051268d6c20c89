package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.SimEngine;

/**
 * The loader on its own: a loader, kallsyms and a caller in the place of a CPU (it answers RunInit
 * with the init result it is given), no machine. The replies the caller hears, and the module
 * memory the loader wrote, are the loader's behaviour.
 */
class ModuleLoaderTest {
  private static final Era ERA = Era.V6_X;

  /** What one run shows: the replies, in order, and the module memory afterwards. */
  record Run(List<String> replies, ModuleTable table, RunResult result) {}

  /** Sends {@code loads} loads of {@code file} at once; each init returns {@code initResult}. */
  static Run load(long seed, String file, int loads, long initResult) {
    ModuleSettings settings = ModuleSettings.defaults(ERA);
    ModuleTable table = new ModuleTable(ERA, new PerCpuAreas(1));
    ModuleDefinition def = Samples.load(file, ERA);
    List<String> replies = Collections.synchronizedList(new ArrayList<>());
    RunResult result =
        SimEngine.shared()
            .run(
                RunSpec.deterministic(
                    seed,
                    "root",
                    sim ->
                        Behaviors.<ModuleLoader.LoadReply>setup(
                            ctx -> {
                              ActorRef<Vfs.Command> vfs = sim.spawn(ctx, Behaviors.ignore(), "vfs");
                              ActorRef<Kallsyms.Command> kallsyms =
                                  sim.spawn(
                                      ctx,
                                      Kallsyms.create(sim, settings.kallsyms(), vfs),
                                      "kallsyms");
                              Commands commands = Commands.standard();
                              ModuleSteps.register(commands, settings, table, ModuleCodeCall.PLAIN);
                              commands.register(
                                  "printk", "printk TEXT", args -> FallbackPrintk.of(args, ERA));
                              ActorRef<ModuleLoader.Command> loader =
                                  sim.spawn(
                                      ctx,
                                      ModuleLoader.create(
                                          sim,
                                          new ModuleLoader.Deps(
                                              settings,
                                              commands,
                                              KernelLog.trace(sim),
                                              vfs,
                                              kallsyms,
                                              table)),
                                      "module-loader");
                              for (int i = 0; i < loads; i++) {
                                sim.send(
                                    ctx.getSelf(),
                                    loader,
                                    new ModuleLoader.LoadModule(
                                        LoadInfo.of(def, ""), Cred.root(), 0, ctx.getSelf()));
                              }
                              return Behaviors.receive(ModuleLoader.LoadReply.class)
                                  .onAnyMessage(
                                      reply -> {
                                        if (reply instanceof ModuleLoader.RunInit run) {
                                          replies.add("RunInit");
                                          sim.send(
                                              ctx.getSelf(),
                                              run.loader(),
                                              new ModuleLoader.InitDone(run.load(), initResult));
                                        } else {
                                          replies.add(reply.toString());
                                          if (replies.stream()
                                                  .filter(r -> !r.equals("RunInit"))
                                                  .count()
                                              == loads) {
                                            sim.halt("every load answered");
                                          }
                                        }
                                        return Behaviors.same();
                                      })
                                  .build();
                            })));
    return new Run(List.copyOf(replies), table, result);
  }

  @Test
  void loadsAModuleAndAnswersOnceTheInitReferenceIsDropped() {
    Run run = load(1, "hello.conf", 1, 0);
    assertThat(run.result().failure()).isNull();
    assertThat(run.replies()).containsExactly("RunInit", "Loaded[name=hello]");
    ModuleTable.Instance hello = run.table().pointer("hello");
    assertThat(hello.state()).isEqualTo(ModuleState.LIVE);
    assertThat(hello.refcount()).isZero();
    assertThat(hello.argsParsed()).isTrue();
  }

  @Test
  void aFailingInitIsUnwoundAndTheModuleFreed() {
    Run run = load(1, "hello.conf", 1, Errno.ENODEV.negative());
    assertThat(run.replies()).containsExactly("RunInit", "LoadFailed[errno=ENODEV]");
    ModuleTable.Instance hello = run.table().pointer("hello");
    assertThat(hello.state()).isEqualTo(ModuleState.GOING);
    assertThat(hello.freed()).isTrue();
  }

  @Test
  void aSecondLoadOfTheSameNameWaitsForTheFirstThenGetsEexistIn6x() {
    for (long seed = 1; seed <= 5; seed++) {
      Run run = load(seed, "hello.conf", 2, 0);
      // Init ran once; the two answers come from two actors (the module, the loader).
      assertThat(run.replies())
          .containsExactlyInAnyOrder("RunInit", "Loaded[name=hello]", "LoadFailed[errno=EEXIST]");
      assertThat(run.replies().get(0)).isEqualTo("RunInit");
      assertThat(run.table().pointer("hello").state()).isEqualTo(ModuleState.LIVE);
    }
  }
}
