package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a deterministic run did at each delivery, for schedule reduction: the channel chosen among
 * the enabled ones, the delivery that sent the message, the clock phase, and the shared state the
 * delivery touched. Two deliveries are dependent when they touch one location and do not commute:
 * one writes it, or one reads it while the other makes a commuting update ({@link Access}). A
 * delivery to an actor writes the whole actor ({@code actor:NAME}), so two deliveries to one
 * receiver are dependent, unless the receiver declares the parts of its state the delivery touched
 * ({@link Sim#accessOwn}): then it reads {@code actor:NAME} (a delivery that did not declare still
 * conflicts with it) and touches {@code actor:NAME/PART}, and every message it sent writes its
 * channel ({@code send:KEY}), since two deliveries that send on one channel fix the order of what
 * they sent. Recorded when the run's spec asks for it ({@link RunSpec#withSchedule}).
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
   * @param accesses the locations touched, each with how (the strongest access of the delivery)
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
      Map<String, Access> accesses,
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

    static boolean conflict(Map<String, Access> a, Map<String, Access> b) {
      Map<String, Access> small = a.size() <= b.size() ? a : b;
      Map<String, Access> large = small == a ? b : a;
      for (Map.Entry<String, Access> e : small.entrySet()) {
        Access other = large.get(e.getKey());
        if (other != null && !(other == e.getValue() && other != Access.WRITE)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Two accesses of one delivery to one location, as one: the weakest that covers both. */
  static Access merge(Access a, Access b) {
    return a == b ? a : Access.WRITE;
  }

  private final List<Event> events = new ArrayList<>();

  /** The open delivery's accesses, until the next one starts. */
  private Map<String, Access> open;

  /** The open delivery's receiver ({@code actor:NAME}) and the parts it declared (null: whole). */
  private String receiver;

  private Map<String, Access> parts;

  /** The channels the open delivery sent on ({@code send:KEY}), null when none. */
  private List<String> sends;

  private Event pending;

  void start(
      int step,
      String channel,
      int cause,
      int phase,
      List<String> enabled,
      int choice,
      int[] older,
      String receiver) {
    close();
    open = new LinkedHashMap<>(8);
    this.receiver = receiver;
    pending = new Event(step, channel, cause, phase, enabled, choice, older, open, false);
  }

  void access(String location, Access access) {
    if (open != null) {
      open.merge(location, access, Schedule::merge);
    }
  }

  /**
   * The open delivery touched only this part of its receiver's state ({@link Sim#accessOwn}), so
   * far; {@link #whole} undoes the declarations.
   */
  void own(String part, Access access) {
    if (open == null || receiver == null) {
      return;
    }
    if (parts == null) {
      parts = new LinkedHashMap<>(4);
    }
    parts.merge(receiver + "/" + part, access, Schedule::merge);
  }

  /** The open delivery did something to its receiver that no part covers (spawned a child). */
  void whole() {
    if (open != null && receiver != null) {
      open.merge(receiver, Access.WRITE, Schedule::merge);
    }
  }

  /** The open delivery sent a message on channel {@code key}. */
  void sent(String key) {
    if (open != null) {
      if (sends == null) {
        sends = new ArrayList<>(2);
      }
      sends.add(key);
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
      if (receiver != null) {
        if (parts == null) {
          open.merge(receiver, Access.WRITE, Schedule::merge);
        } else {
          open.merge(receiver, Access.READ, Schedule::merge);
          parts.forEach((part, access) -> open.merge(part, access, Schedule::merge));
          if (sends != null) {
            for (String key : sends) {
              open.merge("send:" + key, Access.WRITE, Schedule::merge);
            }
          }
        }
      }
      events.add(done);
      pending = null;
      open = null;
      receiver = null;
      parts = null;
      sends = null;
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
