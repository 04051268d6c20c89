package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Source-DPOR with sleep sets (Abdulla, Aronis, Jonsson, Sagonas, "Optimal dynamic partial order
 * reduction", POPL 2014, Algorithm 1) over stateless re-execution. A process is a channel (the
 * deliveries of one sender to one receiver, in order); an event is one delivery; two events are
 * dependent when they touch one location and one of them writes ({@link Schedule.Event#dependent}).
 * Happens-before also orders a message's send before its delivery, the deliveries of one channel,
 * and every delivery of a clock phase before every delivery of the next (the clock jumps to a timer
 * only when nothing is left to deliver).
 *
 * <p>The search keeps the nodes of the current execution (the state before each step). After each
 * run it finds the execution's reversible races and, for each, makes sure the node before the
 * race's first event will try an initial of the reversed race; the next run replays up to the
 * deepest node with a backtrack choice neither explored nor asleep and goes on with it, avoiding
 * the channels asleep there. A run that can only go on with sleeping channels is redundant and
 * stops ({@link Strategy#STOP}). Every Mazurkiewicz trace of the schedules from step {@code start}
 * on is explored at least once.
 *
 * <p>With a bound, the search explores every Mazurkiewicz trace with at most {@code bound}
 * preemptions ({@link #preemptions}): races of the trace decided against the order of the search's
 * first run, the default schedule. Unlike a count of delays (older messages passed over), this is a
 * function of the trace, the same for every schedule of it, and it only grows as a trace is
 * extended; so a backtrack choice is skipped only when the trace up to it already has more, which
 * no schedule of any trace through it can undo ({@link #cut} says some were skipped). Runs are
 * never cut: one that goes beyond the bound still completes, and its outcome is a reachable one.
 */
public final class Dpor {

  /** The state before one step of the current execution. */
  private static final class Node {
    final List<String> enabled;
    final Map<String, Schedule.Event> sleep;
    final Set<String> backtrack = new LinkedHashSet<>();
    final Map<String, Schedule.Event> explored = new LinkedHashMap<>();

    Node(Schedule.Event event, Map<String, Schedule.Event> sleep) {
      this.enabled = event.enabled();
      this.sleep = sleep;
    }
  }

  /**
   * What a run does: replay {@code prefix} (one choice per step), then go on avoiding the channels
   * of {@code sleep}, whose deliveries (as they were explored from the last prefix node) are given.
   */
  public record Plan(int[] prefix, Map<String, Schedule.Event> sleep) {}

  private final int start;
  private final int bound;
  private final List<Node> path = new ArrayList<>();
  private final List<Schedule.Event> events = new ArrayList<>();
  private boolean cut;
  private long races;
  private long blocked;
  private long misses;
  private Plan next = new Plan(new int[0], Map.of());

  // With a bound: the deliveries of the first run by identity, and for the current execution each
  // step's races decided against it and their sum over the steps before it.
  private Map<String, Integer> reference;
  private int[] reversed;
  private int[] costBefore;
  private String[] ids;

  /**
   * @param start the first step the search may reorder (the steps before it, the boot, stay as the
   *     first run made them)
   * @param bound the most preemptions a trace may have from {@code start} ({@link #preemptions}),
   *     or -1 for no bound
   */
  public Dpor(int start, int bound) {
    this.start = start;
    this.bound = bound;
  }

  /** The next run to make, or null when the search is complete. */
  public Plan next() {
    return next;
  }

  /** The strategy of a run for {@code plan}; {@code seed} chooses the boot as the first run did. */
  public static DporStrategy strategy(Plan plan, int start, long seed) {
    return new DporStrategy(plan, start, new RandomWalkStrategy(seed));
  }

  /** Whether the bound kept a choice from being explored: the search is exact only up to it. */
  public boolean cut() {
    return cut;
  }

  public long races() {
    return races;
  }

  /** Runs stopped because every channel they could go on with was asleep. */
  public long blocked() {
    return blocked;
  }

  /**
   * Races whose reversal starts with a channel not enabled where the race begins: zero unless
   * channel keys are ambiguous (two channels of one sender and receiver with one key).
   */
  public long misses() {
    return misses;
  }

  /** Backtrack choices known and not yet explored: the least number of runs still to make. */
  public long pending() {
    long pending = 0;
    for (int d = start; d < path.size(); d++) {
      Node node = path.get(d);
      for (String p : node.backtrack) {
        if (!node.explored.containsKey(p) && !node.sleep.containsKey(p)) {
          pending++;
        }
      }
    }
    return pending;
  }

  /**
   * Takes in the schedule of the run made for {@code plan} with {@code strategy}: extends the
   * current execution, finds its races, and chooses the next run.
   */
  public void completed(Plan plan, Schedule schedule, DporStrategy strategy) {
    int branch = plan.prefix().length - 1; // the node of the new choice; -1 in the first run
    int keep = Math.max(branch + 1, 0);
    while (path.size() > keep) {
      path.remove(path.size() - 1);
    }
    while (events.size() > Math.max(branch, 0)) {
      events.remove(events.size() - 1);
    }
    if (strategy.stopped()) {
      blocked++;
    }
    for (int i = events.size(); i < schedule.size(); i++) {
      Schedule.Event e = schedule.get(i);
      if (i >= path.size()) {
        path.add(new Node(e, strategy.sleepAt(i)));
      }
      events.add(e);
    }
    if (branch >= 0 && branch < events.size()) {
      path.get(branch).explored.put(events.get(branch).channel(), events.get(branch));
    }
    for (int i = keep; i < events.size(); i++) {
      Node node = path.get(i);
      node.explored.put(events.get(i).channel(), events.get(i));
      node.backtrack.add(events.get(i).channel());
    }
    if (path.size() > events.size()) {
      path.subList(events.size(), path.size()).clear();
    }
    analyse();
    next = choose();
  }

  /** Happens-before by vector clocks (bit sets of earlier steps), and the races it leaves. */
  private void analyse() {
    if (bound >= 0) {
      if (reference == null) {
        reference = identities(events);
      }
      reversed = reversedRaces(reference, events, start);
      ids = ids(events);
      costBefore = new int[events.size() + 1];
      for (int k = 0; k < events.size(); k++) {
        costBefore[k + 1] = costBefore[k] + reversed[k];
      }
    }
    Races.forEach(events, start, this::race);
  }

  /**
   * The preemptions of a run from step {@code start} on: its races (two dependent deliveries that
   * happens-before orders only through their own conflict, {@link Races}) decided against the order
   * of the {@code reference} run, a delivery known by its channel and its place in it; a race with
   * a delivery the reference did not make counts as one. Every schedule of one Mazurkiewicz trace
   * has the same count, and extending a trace never lowers it.
   */
  public static int preemptions(
      List<Schedule.Event> reference, List<Schedule.Event> run, int start) {
    int total = 0;
    for (int r : reversedRaces(identities(reference), run, start)) {
      total += r;
    }
    return total;
  }

  /** Each delivery's place in {@code run}, by identity (its channel, and its index there). */
  private static Map<String, Integer> identities(List<Schedule.Event> run) {
    Map<String, Integer> places = new java.util.HashMap<>();
    String[] ids = ids(run);
    for (int k = 0; k < ids.length; k++) {
      places.put(ids[k], k);
    }
    return places;
  }

  private static String[] ids(List<Schedule.Event> run) {
    Map<String, Integer> counts = new java.util.HashMap<>();
    String[] ids = new String[run.size()];
    for (int k = 0; k < ids.length; k++) {
      String channel = run.get(k).channel();
      ids[k] = channel + "#" + counts.merge(channel, 1, Integer::sum);
    }
    return ids;
  }

  /** For each step of {@code run}: its races with earlier steps decided against the reference. */
  private static int[] reversedRaces(
      Map<String, Integer> reference, List<Schedule.Event> run, int start) {
    String[] ids = ids(run);
    int[] reversed = new int[run.size()];
    Races.forEach(
        run,
        start,
        (j, i, clock, beforeI) -> {
          Integer first = reference.get(ids[j]);
          Integer second = reference.get(ids[i]);
          if (first == null || second == null || second < first) {
            reversed[i]++;
          }
        });
    return reversed;
  }

  /**
   * A reversible race of step j with step i ({@code beforeI}: what happens before i apart from j):
   * the node before j must try an initial of notdep(j).i, unless it tries or sleeps on one.
   */
  private void race(int j, int i, BitSet[] clock, BitSet beforeI) {
    races++;
    Node node = path.get(j);
    List<String> initials = new ArrayList<>();
    List<Integer> steps = new ArrayList<>();
    BitSet v = new BitSet();
    for (int k = j + 1; k < i; k++) {
      if (!clock[k].get(j)) {
        if (!clock[k].intersects(v)) {
          initials.add(events.get(k).channel());
          steps.add(k);
        }
        v.set(k);
      }
    }
    if (!beforeI.intersects(v)) {
      initials.add(events.get(i).channel());
      steps.add(i);
    }
    for (String q : initials) {
      if (node.backtrack.contains(q) || node.sleep.containsKey(q)) {
        return;
      }
    }
    boolean enabled = false;
    for (int n = 0; n < initials.size(); n++) {
      String q = initials.get(n);
      if (!node.enabled.contains(q)) {
        continue;
      }
      enabled = true;
      // A trace that reverses the race keeps the steps before j and their preemptions, and decides
      // j and i in the other order: one more preemption if this run decided them as the reference.
      if (bound >= 0 && costBefore[j] + flip(j, i) > bound) {
        continue;
      }
      node.backtrack.add(q);
      return;
    }
    if (enabled) {
      cut = true;
    } else {
      misses++;
    }
  }

  /**
   * The preemption reversing the race of steps j and i adds: 1 if this run follows the reference.
   */
  private int flip(int j, int i) {
    Integer first = reference.get(ids[j]);
    Integer second = reference.get(ids[i]);
    return first != null && second != null && first < second ? 1 : 0;
  }

  /** The deepest node with a backtrack choice neither explored nor asleep. */
  private Plan choose() {
    for (int d = path.size() - 1; d >= start; d--) {
      Node node = path.get(d);
      for (String p : node.backtrack) {
        if (node.explored.containsKey(p) || node.sleep.containsKey(p)) {
          continue;
        }
        int[] prefix = new int[d + 1];
        for (int k = 0; k < d; k++) {
          prefix[k] = events.get(k).choice();
        }
        prefix[d] = node.enabled.indexOf(p);
        Map<String, Schedule.Event> sleep = new LinkedHashMap<>(node.sleep);
        sleep.putAll(node.explored);
        node.explored.put(p, null);
        return new Plan(prefix, sleep);
      }
    }
    return null;
  }
}
