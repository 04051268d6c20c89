package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The races of one recorded run and the runs that reverse them, for explaining an outcome: which
 * two deliveries' order decided it. A race is two dependent deliveries of different channels
 * ({@link Schedule.Event#dependent}) that happens-before does not order, as {@link Dpor} defines it
 * (a message's send before its delivery, one channel's deliveries in order, each clock phase before
 * the next), and whose second could have been delivered in place of the first: its message was
 * already sent and at the head of its channel there. Reversing one replays the run's choices up to
 * the first delivery, delivers the second there instead, and then follows the run's order of
 * channels as far as the new schedule allows, so that as little as possible changes.
 */
public final class Races {

  /**
   * Two deliveries, by step: {@code first} was made before {@code second}; {@code between} are the
   * steps in between that do not happen after {@code first} (a reversal makes them first).
   */
  public record Race(int first, int second, List<Integer> between) {
    public Race {
      between = List.copyOf(between);
    }
  }

  private Races() {}

  /** The reversible races from step {@code start} on, the latest second delivery first. */
  public static List<Race> of(Schedule schedule, int start) {
    List<Race> races = new ArrayList<>();
    forEach(
        schedule.events(),
        start,
        (j, i, clock, beforeI) -> {
          List<Integer> between = new ArrayList<>();
          for (int k = j + 1; k < i; k++) {
            if (!clock[k].get(j)) {
              between.add(k);
            }
          }
          races.add(new Race(j, i, between));
        });
    races.sort((a, b) -> a.second != b.second ? b.second - a.second : b.first - a.first);
    return races;
  }

  /** What is told of each race: steps j before i, and the clocks of the steps before i. */
  interface Visitor {
    /** {@code beforeI}: what happens before step i apart from j; {@code clock[k]} for k < i. */
    void race(int j, int i, BitSet[] clock, BitSet beforeI);
  }

  /**
   * Happens-before by vector clocks (bit sets of earlier steps) from step {@code start} on, and
   * each race it leaves unordered, in order of the second step: the one analysis {@link Dpor}'s
   * backtracking and the race window's explanation share.
   */
  static void forEach(List<Schedule.Event> events, int start, Visitor visitor) {
    int n = events.size();
    BitSet[] clock = new BitSet[n];
    Map<String, Integer> lastOfChannel = new HashMap<>();
    int phaseStart = start;
    for (int i = start; i < n; i++) {
      Schedule.Event e = events.get(i);
      if (i > start && e.phase() != events.get(i - 1).phase()) {
        phaseStart = i;
      }
      BitSet acc = new BitSet();
      acc.set(start, phaseStart);
      Integer same = lastOfChannel.get(e.channel());
      if (same != null) {
        acc.or(clock[same]);
        acc.set(same);
      }
      if (e.cause() >= start && e.cause() < i) {
        acc.or(clock[e.cause()]);
        acc.set(e.cause());
      }
      for (int j = i - 1; j >= phaseStart; j--) {
        Schedule.Event d = events.get(j);
        if (d.channel().equals(e.channel()) || !d.dependent(e)) {
          continue;
        }
        if (!acc.get(j)) {
          visitor.race(j, i, clock, acc);
        }
        acc.or(clock[j]);
        acc.set(j);
      }
      clock[i] = acc;
      lastOfChannel.put(e.channel(), i);
    }
  }

  /** The strategy of the run that reverses {@code race} in the run {@code schedule} recorded. */
  public static StrategySpec reversed(Schedule schedule, Race race) {
    List<Schedule.Event> events = schedule.events();
    int[] prefix = new int[race.first];
    for (int k = 0; k < race.first; k++) {
      prefix[k] = events.get(k).choice();
    }
    List<Integer> moved = new ArrayList<>(race.between);
    moved.add(race.second);
    List<String> rest = new ArrayList<>();
    moved.forEach(k -> rest.add(events.get(k).channel()));
    for (int k = race.first; k < events.size(); k++) {
      if (!moved.contains(k)) {
        rest.add(events.get(k).channel());
      }
    }
    return StrategySpec.of(
        "reversed(" + race.first + "," + race.second + ")",
        seed -> new Follow(prefix, rest, moved.size()));
  }

  /**
   * Replays a prefix, then chooses the enabled channel that comes first in the order given; the
   * first {@code urgent} entries (the moved deliveries) go before every other while one of them is
   * enabled.
   */
  private static final class Follow implements Strategy {
    private final int[] prefix;
    private final List<String> order;
    private int urgent;

    Follow(int[] prefix, List<String> order, int urgent) {
      this.prefix = prefix;
      this.order = new ArrayList<>(order);
      this.urgent = urgent;
    }

    @Override
    public boolean choosesForcedSteps() {
      return true;
    }

    @Override
    public int choose(List<? extends Choice> enabled, long step) {
      if (step < prefix.length) {
        return prefix[(int) step] < enabled.size() ? prefix[(int) step] : 0;
      }
      int chosen = find(enabled, urgent);
      return chosen >= 0 ? chosen : Math.max(0, find(enabled, order.size()));
    }

    /** The first of the first {@code within} entries that is enabled, taken off the order. */
    private int find(List<? extends Choice> enabled, int within) {
      for (int k = 0; k < within && k < order.size(); k++) {
        for (int c = 0; c < enabled.size(); c++) {
          if (enabled.get(c).key().equals(order.get(k))) {
            order.remove(k);
            if (k < urgent) {
              urgent--;
            }
            return c;
          }
        }
      }
      return -1; // none: a channel the original run never used goes first (the oldest)
    }

    @Override
    public String describe() {
      return "reversed";
    }
  }
}
