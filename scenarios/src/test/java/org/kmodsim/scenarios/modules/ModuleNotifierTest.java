package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.cpu.Services;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.module.ModuleEvent;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleSubsystem;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.TraceEvent;
import org.kmodsim.sim.Violation;

/**
 * The module notifier chain is synchronous (blocking_notifier_call_chain): the load or unload waits
 * for every callback; a 6.x COMING callback may veto the load; 2.6 calls COMING after the
 * parameters.
 */
class ModuleNotifierTest {

  /** What a test subscriber does. */
  record Rule(String name, Errno vetoComing, long goingDelayNanos, boolean hangOnGoing) {
    static Rule ok(String name) {
      return new Rule(name, null, 0, false);
    }
  }

  private record DelayedAck(ActorRef<ModuleEvent.Notified> to, String module) {}

  /** Subscribers in order, each recording "NAME EVENT MODULE" (and "NAME acked ...") in seen. */
  static Subsystem subscribers(List<String> seen, Rule... rules) {
    return new Subsystem() {
      @Override
      public String name() {
        return "test-subscribers";
      }

      @Override
      public Services boot(BootContext boot, Services booted) {
        for (Rule rule : rules) {
          ActorRef<Object> ref =
              boot.sim()
                  .spawn(
                      boot.ctx(),
                      Behaviors.setup(
                          ctx ->
                              Behaviors.receive(Object.class)
                                  .onMessage(
                                      ModuleEvent.class,
                                      event -> {
                                        String kind = event.getClass().getSimpleName();
                                        seen.add(rule.name() + " " + kind + " " + event.name());
                                        if (kind.equals("ModuleGoing") && rule.hangOnGoing()) {
                                          return Behaviors.same();
                                        }
                                        if (kind.equals("ModuleGoing")
                                            && rule.goingDelayNanos() > 0) {
                                          boot.sim()
                                              .startTimer(
                                                  ctx.getSelf(),
                                                  "ack",
                                                  rule.goingDelayNanos(),
                                                  new DelayedAck(event.replyTo(), event.name()));
                                          return Behaviors.same();
                                        }
                                        Errno veto =
                                            kind.equals("ModuleComing") ? rule.vetoComing() : null;
                                        boot.sim()
                                            .send(
                                                ctx.getSelf(),
                                                event.replyTo(),
                                                new ModuleEvent.Notified(event.name(), veto));
                                        return Behaviors.same();
                                      })
                                  .onMessage(
                                      DelayedAck.class,
                                      ack -> {
                                        boot.sim()
                                            .trace(
                                                ctx.getSelf(), "test", rule.name() + " acks GOING");
                                        boot.sim()
                                            .send(
                                                ctx.getSelf(),
                                                ack.to(),
                                                ModuleEvent.Notified.ok(ack.module()));
                                        return Behaviors.same();
                                      })
                                  .build()),
                      rule.name());
          boot.sim()
              .send(
                  boot.ctx().getSelf(),
                  booted.get(ModuleLoader.KEY),
                  new ModuleLoader.Subscribe(ref.narrow()));
        }
        return booted;
      }
    };
  }

  static MachineRun.Outcome run(
      Era era, String script, long seed, List<String> seen, String conf, Rule... rules) {
    MachineSpec spec =
        new MachineSpec(
            ConfigFactory.parseString(conf).withFallback(ConfigFactory.load()),
            era,
            2,
            List.of(new ModuleSubsystem(), subscribers(seen, rules)),
            List.of(),
            CommandLine.splitList(script),
            Cred.root(),
            0);
    return MachineRun.run(spec, RunSpec.deterministic(seed).withTrace(20_000));
  }

  static List<String> seen() {
    return Collections.synchronizedList(new ArrayList<>());
  }

  @Test
  void aComingCallbackVetoesThe6xLoadAndOnlyTheCallbacksBeforeItGetGoing() {
    List<String> seen = seen();
    MachineRun.Outcome outcome =
        run(
            Era.V6_X,
            "spin 1us; insmod hello.conf; lsmod",
            1,
            seen,
            "",
            Rule.ok("first"),
            new Rule("vetoer", Errno.ENOMEM, 0, false),
            Rule.ok("last"));
    assertThat(seen)
        .containsExactly(
            "first ModuleComing hello", "vetoer ModuleComing hello", "first ModuleGoing hello");
    assertThat(outcome.report().shellResults().get(1).errors())
        .isEqualTo("insmod: ERROR: could not insert module hello.conf: Cannot allocate memory\n");
    assertThat(outcome.report().shellResults().get(2).output())
        .isEqualTo("Module                  Size  Used by\n");
    assertThat(ModuleMachine.dmesg(outcome)).doesNotContain(ModuleMachine.HELLO_SINCE_36);
    assertThat(outcome.result().violations()).isEmpty();
  }

  @Test
  void before510TheComingCallbacksReturnValueIsIgnored() {
    List<String> seen = seen();
    MachineRun.Outcome outcome =
        run(
            Era.V4_X,
            "spin 1us; insmod hello.conf; rmmod hello",
            1,
            seen,
            "",
            new Rule("vetoer", Errno.ENOMEM, 0, false),
            Rule.ok("last"));
    assertThat(outcome.report().shellResults().get(1).exitStatus()).isZero();
    assertThat(seen)
        .containsExactly(
            "vetoer ModuleComing hello",
            "last ModuleComing hello",
            "vetoer ModuleLive hello",
            "last ModuleLive hello",
            "vetoer ModuleGoing hello",
            "last ModuleGoing hello");
  }

  @Test
  void comingIsAnnouncedBeforeTheParametersIn4xAnd6xButAfterThemIn26() {
    List<String> six = seen();
    run(Era.V6_X, "spin 1us; insmod hello.conf howmany=abc", 1, six, "", Rule.ok("watcher"));
    assertThat(six).containsExactly("watcher ModuleComing hello", "watcher ModuleGoing hello");
    List<String> old = seen();
    MachineRun.Outcome outcome =
        run(Era.V2_6, "spin 1us; insmod hello.conf nosuch=1", 1, old, "", Rule.ok("watcher"));
    assertThat(outcome.report().shellResults().get(1).exitStatus()).isEqualTo(1);
    assertThat(old).isEmpty();
  }

  @Test
  void era24HasNoModuleNotifier() {
    List<String> seen = seen();
    MachineRun.Outcome outcome =
        run(Era.V2_4, "spin 1us; insmod hello.conf; rmmod hello", 1, seen, "", Rule.ok("watcher"));
    assertThat(outcome.report().shellResults().get(2).exitStatus()).isZero();
    assertThat(seen).isEmpty();
  }

  /** free_module comes after the slow GOING callback has returned, whatever the seed. */
  @Test
  void theUnloadWaitsForEveryGoingCallbackBeforeFreeingTheModule() {
    for (long seed = 1; seed <= 20; seed++) {
      List<String> seen = seen();
      MachineRun.Outcome outcome =
          run(
              Era.V6_X,
              "spin 1us; insmod hello.conf; rmmod hello;" + " lsmod",
              seed,
              seen,
              "",
              new Rule("slow", null, 5_000_000, false),
              Rule.ok("fast"));
      List<TraceEvent> trace = outcome.result().trace();
      int acked = indexOf(trace, "test", "slow acks GOING");
      int freed = indexOf(trace, "free_module", "hello");
      assertThat(acked).as("seed %d", seed).isNotNegative();
      assertThat(freed).as("seed %d", seed).isGreaterThan(acked);
      assertThat(trace.get(freed).timeNanos() - trace.get(acked).timeNanos()).isNotNegative();
      assertThat(seen)
          .as("seed %d", seed)
          .endsWith("slow ModuleGoing hello", "fast ModuleGoing hello");
      assertThat(outcome.report().shellResults().get(3).output())
          .isEqualTo("Module                  Size  Used by\n");
    }
  }

  @Test
  void aGoingCallbackThatNeverReturnsBlocksRmmodAndIsReportedAfterTheHungTaskTime() {
    List<String> seen = seen();
    MachineRun.Outcome outcome =
        run(
            Era.V6_X,
            "spin 1us; insmod hello.conf; rmmod hello",
            1,
            seen,
            "kmodsim.modules.hung-task-timeout = 2s",
            new Rule("stuck", null, 0, true));
    assertThat(outcome.result().violations())
        .extracting(Violation::kind)
        .containsExactly("notifier-hung");
    assertThat(indexOf(outcome.result().trace(), "free_module", "hello")).isNegative();
    assertThat(outcome.report().shellResults()).hasSizeLessThan(3);
  }

  static int indexOf(List<TraceEvent> trace, String kind, String detail) {
    for (int i = 0; i < trace.size(); i++) {
      TraceEvent e = trace.get(i);
      boolean matches =
          e.detail().equals(detail)
              || (e.isModelEvent() && e.event().string("module").equals(detail));
      if (e.kind().equals(kind) && matches) {
        return i;
      }
    }
    return -1;
  }
}
