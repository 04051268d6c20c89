package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Errno;
import org.kmodsim.sim.RunResult;
import org.kmodsim.sim.RunSpec;
import org.kmodsim.sim.Sim;
import org.kmodsim.sim.SimEngine;
import org.kmodsim.sim.Violation;

/** One call of the notifier chain, with recording subscribers, on fixed seeds. */
class NotifierCallTest {

  /** A subscriber: records "NAME EVENT" when called and "NAME returns" when it answers. */
  static Behavior<ModuleEvent> subscriber(
      Sim sim, String name, Errno comingVeto, boolean hang, List<String> log) {
    return Behaviors.setup(
        ctx ->
            Behaviors.receive(ModuleEvent.class)
                .onAnyMessage(
                    event -> {
                      log.add(name + " " + event.getClass().getSimpleName());
                      if (!hang) {
                        Errno veto = event instanceof ModuleEvent.ModuleComing ? comingVeto : null;
                        log.add(name + " returns");
                        sim.send(
                            ctx.getSelf(),
                            event.replyTo(),
                            new ModuleEvent.Notified(event.name(), veto));
                      }
                      return Behaviors.same();
                    })
                .build());
  }

  record Sub(String name, Errno veto, boolean hang) {}

  /** What the chain's caller heard when it returned. */
  record Done(ModuleState event, Errno veto) {}

  /**
   * A host actor in the loader's place: it owns a {@link ModuleNotifier} with the subscribers,
   * makes one call and records its return.
   */
  static RunResult call(
      long seed,
      NotifierCall.Call call,
      List<String> log,
      AtomicReference<Done> done,
      Sub... subs) {
    return SimEngine.shared()
        .run(
            RunSpec.deterministic(
                seed,
                "root",
                sim ->
                    Behaviors.<ModuleLoader.Command>setup(
                        ctx -> {
                          ModuleNotifier notifier =
                              new ModuleNotifier(
                                  sim,
                                  ctx.getSelf(),
                                  ctx.messageAdapter(
                                      ModuleEvent.Notified.class,
                                      ModuleLoader.NotifierAnswered::new),
                                  1_000_000_000L);
                          for (Sub sub : subs) {
                            notifier.subscribe(
                                sim.spawn(
                                    ctx,
                                    subscriber(sim, sub.name(), sub.veto(), sub.hang(), log),
                                    sub.name()));
                          }
                          notifier.call(
                              call,
                              true,
                              veto -> {
                                done.set(new Done(call.event(), veto));
                                log.add("done");
                                sim.halt("chain returned");
                              });
                          return Behaviors.receive(ModuleLoader.Command.class)
                              .onMessage(
                                  ModuleLoader.NotifierAnswered.class,
                                  a -> {
                                    notifier.onAnswered(a.notified());
                                    return Behaviors.same();
                                  })
                              .onMessage(
                                  ModuleLoader.NotifierHung.class,
                                  h -> {
                                    notifier.onHung(h);
                                    return Behaviors.same();
                                  })
                              .build();
                        })));
  }

  static List<String> log() {
    return Collections.synchronizedList(new ArrayList<>());
  }

  @Test
  void callbacksRunOneAfterTheOtherEachToCompletion() {
    for (long seed = 1; seed <= 20; seed++) {
      List<String> log = log();
      AtomicReference<Done> done = new AtomicReference<>();
      call(
          seed,
          new NotifierCall.Call(ModuleState.GOING, "m", 0, 0, true),
          log,
          done,
          new Sub("a", null, false),
          new Sub("b", null, false),
          new Sub("c", null, false));
      assertThat(log)
          .containsExactly(
              "a ModuleGoing",
              "a returns",
              "b ModuleGoing",
              "b returns",
              "c ModuleGoing",
              "c returns",
              "done");
      assertThat(done.get().veto()).isNull();
    }
  }

  @Test
  void aRobustComingStopsAtTheFirstErrorAndSendsGoingToTheCallbacksBefore() {
    List<String> log = log();
    AtomicReference<Done> done = new AtomicReference<>();
    call(
        1,
        new NotifierCall.Call(ModuleState.COMING, "m", 0, 0, true),
        log,
        done,
        new Sub("a", null, false),
        new Sub("b", null, false),
        new Sub("v", Errno.ENOMEM, false),
        new Sub("d", null, false));
    assertThat(log)
        .containsExactly(
            "a ModuleComing",
            "a returns",
            "b ModuleComing",
            "b returns",
            "v ModuleComing",
            "v returns",
            "a ModuleGoing",
            "a returns",
            "b ModuleGoing",
            "b returns",
            "done");
    assertThat(done.get().veto()).isEqualTo(Errno.ENOMEM);
  }

  @Test
  void aPlainCallIgnoresTheReturnValues() {
    List<String> log = log();
    AtomicReference<Done> done = new AtomicReference<>();
    call(
        1,
        new NotifierCall.Call(ModuleState.COMING, "m", 0, 0, false),
        log,
        done,
        new Sub("v", Errno.ENOMEM, false),
        new Sub("b", null, false));
    assertThat(log)
        .containsExactly("v ModuleComing", "v returns", "b ModuleComing", "b returns", "done");
    assertThat(done.get().veto()).isNull();
  }

  @Test
  void anEmptyChainReturnsAtOnce() {
    List<String> log = log();
    AtomicReference<Done> done = new AtomicReference<>();
    call(1, new NotifierCall.Call(ModuleState.LIVE, "m", 0, 0, true), log, done);
    assertThat(log).containsExactly("done");
    assertThat(done.get().event()).isEqualTo(ModuleState.LIVE);
  }

  @Test
  void aCallbackThatNeverReturnsIsReportedOnceAndTheChainStaysBlocked() {
    List<String> log = log();
    AtomicReference<Done> done = new AtomicReference<>();
    RunResult result =
        call(
            1,
            new NotifierCall.Call(ModuleState.GOING, "m", 0, 0, true),
            log,
            done,
            new Sub("stuck", null, true),
            new Sub("never", null, false));
    assertThat(log).containsExactly("stuck ModuleGoing");
    assertThat(done.get()).isNull();
    assertThat(result.violations()).extracting(Violation::kind).containsExactly("notifier-hung");
  }
}
