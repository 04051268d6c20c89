package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a deterministic run did at each delivery, for schedule reduction: the channel chosen among
 * the enabled ones, the delivery that sent the message, the clock phase, and the shared state the
 * delivery touched. Two deliveries are dependent when one writes a location the other reads or
 * writes; a delivery to an actor writes that actor ({@code actor:NAME}), so two deliveries to one
 * receiver are always dependent. Recorded when the run's spec asks for it ({@link
 * RunSpec#withSchedule}).
 */
public final class Schedule {

  /**
   * One delivery.
   *
   * @param step its index in the run
   * @param channel the stable key of its channel ({@code SENDER->RECEIVER}, full paths below the
   *     run's root)
   * @param cause the step during which its message was sent (a timer: started), or -1 when it was
   *     sent before the first delivery
   * @param phase how many times the clock had advanced to a timer before it: every delivery of one
   *     phase happens before every delivery of the next
   * @param enabled the keys of the channels that could have been chosen, in the engine's order
   * @param choice the index chosen in {@code enabled}
   * @param older for each enabled channel, how many enabled channels hold an older message
   * @param accesses the locations touched, each with true when it was written
   * @param global the delivery ended the run (halt): it is dependent with every other
   */
  public record Event(
      int step,
      String channel,
      int cause,
      int phase,
      List<String> enabled,
      int choice,
      int[] older,
      Map<String, Boolean> accesses,
      boolean global) {

    /** How many enabled messages older than the chosen one were passed over: the delays. */
    public int delays() {
      return older[choice];
    }

    /** Whether this delivery and {@code other} do not commute. */
    public boolean dependent(Event other) {
      if (global || other.global) {
        return true;
      }
      return conflict(accesses, other.accesses);
    }

    static boolean conflict(Map<String, Boolean> a, Map<String, Boolean> b) {
      Map<String, Boolean> small = a.size() <= b.size() ? a : b;
      Map<String, Boolean> large = small == a ? b : a;
      for (Map.Entry<String, Boolean> e : small.entrySet()) {
        Boolean other = large.get(e.getKey());
        if (other != null && (other || e.getValue())) {
          return true;
        }
      }
      return false;
    }
  }

  private final List<Event> events = new ArrayList<>();

  /** The open delivery's accesses, until the next one starts. */
  private Map<String, Boolean> open;

  private Event pending;

  void start(
      int step,
      String channel,
      int cause,
      int phase,
      List<String> enabled,
      int choice,
      int[] older) {
    close();
    open = new LinkedHashMap<>(8);
    pending = new Event(step, channel, cause, phase, enabled, choice, older, open, false);
  }

  void access(String location, Access access) {
    if (open != null) {
      open.merge(location, access == Access.WRITE, Boolean::logicalOr);
    }
  }

  void global() {
    if (pending != null) {
      pending =
          new Event(
              pending.step,
              pending.channel,
              pending.cause,
              pending.phase,
              pending.enabled,
              pending.choice,
              pending.older,
              pending.accesses,
              true);
    }
  }

  /** A location of shared memory the open delivery has read, if any. */
  java.util.Optional<String> readsShared() {
    if (open != null) {
      for (String location : open.keySet()) {
        if (!location.startsWith("actor:") && !location.startsWith("timer:")) {
          return java.util.Optional.of(location);
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** The last delivery, complete; null before the first. */
  Event close() {
    Event done = pending;
    if (done != null) {
      events.add(done);
      pending = null;
      open = null;
    }
    return done;
  }

  public List<Event> events() {
    return events;
  }

  public int size() {
    return events.size();
  }

  public Event get(int step) {
    return events.get(step);
  }
}
