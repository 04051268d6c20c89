package org.kmodsim.scenarios.scenario;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kmodsim.scenarios.trace.RunEvents;
import org.kmodsim.sim.ChoiceLog;
import org.kmodsim.sim.Races;
import org.kmodsim.sim.Schedule;
import org.kmodsim.sim.SimMode;
import org.kmodsim.sim.StrategySpec;
import org.kmodsim.sim.TraceEvent;

/**
 * Why a run had its outcome: the two conflicting kernel operations whose order decided it, found by
 * replaying the run with the order of each race reversed ({@link Races}) until one gives another
 * outcome. {@code first} happened before {@code second} in the run; in the {@code reversed} run
 * {@code second} came first and the outcome was {@code reversedOutcome}. Said as "cpu1
 * free_module(hello) before cpu0's Oops: ...; reversed, the outcome is removed".
 *
 * @param steps the deliveries of the two operations in the run
 * @param marked the trace steps of their events, for the timeline to mark
 * @param reversedChoices the reversed run's choice log (kmodsim replay --choices replays it)
 */
public record RaceWindow(
    Races.Race steps,
    Operation first,
    Operation second,
    Outcome reversedOutcome,
    Set<Long> marked,
    ChoiceLog reversedChoices) {

  /** The most reversals one explanation replays. */
  public static final int MAX_REPLAYS = 64;

  /** One side of the race: where it ran ({@code cpu1}, or a kernel actor) and what it did. */
  public record Operation(String where, String what, long timeNanos) {}

  public RaceWindow {
    marked = Set.copyOf(marked);
  }

  /** The window in one sentence. */
  public String sentence() {
    return first.where()
        + " "
        + first.what()
        + " before "
        + second.where()
        + "'s "
        + second.what()
        + "; reversed, the outcome is "
        + reversedOutcome.name()
        + " ["
        + reversedOutcome.outcomeClass().label()
        + "]";
  }

  /** Whether a run's outcome deserves an explanation: forbidden, unlisted or interesting. */
  public static boolean explains(ScenarioRun run) {
    OutcomeClass c = run.outcome().outcomeClass();
    return run.result().mode() == SimMode.DETERMINISTIC
        && run.truncation() == null
        && (c.failing() || c == OutcomeClass.INTERESTING);
  }

  /**
   * The race window of a deterministic run: the run is replayed from its choice log with its
   * schedule recorded, then each race (the latest first, those between two kernel operations before
   * the others) is reversed until one changes the outcome. Empty when none does within {@link
   * #MAX_REPLAYS}.
   */
  public static Optional<RaceWindow> find(ScenarioRunner runner, ScenarioRun run) {
    if (!explains(run)) {
      return Optional.empty();
    }
    int cpus = run.scenario().cpus();
    ScenarioRun recorded =
        runner
            .start(
                runner
                    .runSpec(run.seed(), StrategySpec.replay(run.result().choices()))
                    .withSchedule(true),
                1_000_000)
            .join();
    Schedule schedule = recorded.result().schedule();
    if (schedule == null || !recorded.outcome().name().equals(run.outcome().name())) {
      return Optional.empty();
    }
    List<RunEvents.Placed> placed = RunEvents.of(recorded.result().trace(), cpus);
    List<Races.Race> candidates = candidates(schedule, placed);
    for (Races.Race race : candidates.subList(0, Math.min(MAX_REPLAYS, candidates.size()))) {
      ScenarioRun reversed =
          runner.start(runner.runSpec(run.seed(), Races.reversed(schedule, race)), 0).join();
      if (reversed.truncation() == null
          && reversed.result().failure() == null
          && !reversed.outcome().name().equals(run.outcome().name())) {
        return Optional.of(
            new RaceWindow(
                race,
                operation(placed, schedule, cpus, race.first()),
                operation(placed, schedule, cpus, race.second()),
                reversed.outcome(),
                markedSteps(placed, race),
                reversed.result().choices()));
      }
    }
    return Optional.empty();
  }

  /**
   * The race window of a run replayed from its saved choice log ({@code choices}; null: its seed
   * and the random strategy), as explore saved its first failing run.
   */
  public static Optional<RaceWindow> ofReplay(
      ScenarioRunner runner, long seed, java.nio.file.Path choices) {
    StrategySpec strategy =
        choices != null ? StrategySpec.replay(ChoiceLog.load(choices)) : StrategySpec.random();
    return find(runner, runner.start(runner.runSpec(seed, strategy), 1_000_000).join());
  }

  /** The races after the programs started: between two kernel operations first, then the rest. */
  private static List<Races.Race> candidates(Schedule schedule, List<RunEvents.Placed> placed) {
    int start = 0;
    Set<Long> operations = new LinkedHashSet<>();
    for (RunEvents.Placed p : placed) {
      if (p.model() && !p.internal()) {
        long step = RunEvents.deliveryOf(p.event());
        if (start == 0 && p.event().kind().equals("exec") && p.cpu() >= 0) {
          start = (int) Math.max(0, step);
        }
        operations.add(step);
      }
    }
    List<Races.Race> both = new ArrayList<>();
    List<Races.Race> others = new ArrayList<>();
    for (Races.Race race : Races.of(schedule, start)) {
      boolean kernel =
          operations.contains((long) race.first()) && operations.contains((long) race.second());
      (kernel ? both : others).add(race);
    }
    both.addAll(others);
    return both;
  }

  private static Operation operation(
      List<RunEvents.Placed> placed, Schedule schedule, int cpus, int step) {
    RunEvents.Placed delivery = null;
    for (RunEvents.Placed p : placed) {
      TraceEvent e = p.event();
      if (!p.model() && e.step() == step) {
        delivery = p;
      } else if (p.model() && !p.internal() && RunEvents.deliveryOf(e) == step) {
        return new Operation(where(p, schedule, cpus, step), e.event().text(), e.timeNanos());
      }
    }
    if (delivery == null) {
      return new Operation("?", "step " + step, 0);
    }
    TraceEvent e = delivery.event();
    return new Operation(
        where(delivery, schedule, cpus, step),
        e.kind() + " from " + e.source() + " to " + e.target(),
        e.timeNanos());
  }

  /**
   * The CPU an operation ran for: its own, else that of the first delivery up its chain of causes
   * that came from a CPU (a module's GOING answers the loader, which answers cpu1's delete_module),
   * else the kernel actor it ran in.
   */
  private static String where(RunEvents.Placed p, Schedule schedule, int cpus, int step) {
    if (p.cpu() >= 0) {
      return "cpu" + p.cpu();
    }
    for (int k = step; k >= 0 && k < schedule.size(); k = schedule.get(k).cause()) {
      String channel = schedule.get(k).channel();
      int arrow = channel.indexOf("->");
      int cpu = RunEvents.cpuOf(arrow < 0 ? channel : channel.substring(0, arrow), cpus);
      if (cpu >= 0) {
        return "cpu" + cpu;
      }
      if (schedule.get(k).cause() >= k) {
        break;
      }
    }
    return p.event().target();
  }

  private static Set<Long> markedSteps(List<RunEvents.Placed> placed, Races.Race race) {
    Set<Long> marked = new LinkedHashSet<>();
    for (RunEvents.Placed p : placed) {
      long step = p.model() && !p.internal() ? RunEvents.deliveryOf(p.event()) : -2;
      if (step == race.first() || step == race.second()) {
        marked.add(p.event().step());
      }
    }
    return marked;
  }
}
