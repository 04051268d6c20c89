package org.kmodsim.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A run's invariants by the event kind they check, in the order they were registered: immutable, a
 * new one for each invariant added (a few, as a run starts), and looked up on every model event.
 * Open addressing on the kind's own {@link String#hashCode}: no map node to follow and no call to
 * an {@code Object}'s {@code hashCode} or {@code equals} that every map of the JVM shares.
 */
final class InvariantsByKind {
  static final InvariantsByKind NONE = new InvariantsByKind(List.of(), List.of());

  private final String[] kinds;
  private final List<?>[] watching;
  private final int mask;
  private final List<String> order; // the kinds in the order they were first watched

  private InvariantsByKind(List<String> order, List<List<Invariant>> lists) {
    int slots = 4;
    while (slots < 2 * order.size()) {
      slots *= 2;
    }
    this.kinds = new String[slots];
    this.watching = new List<?>[slots];
    this.mask = slots - 1;
    this.order = order;
    for (int i = 0; i < order.size(); i++) {
      int slot = slot(order.get(i));
      while (kinds[slot] != null) {
        slot = (slot + 1) & mask;
      }
      kinds[slot] = order.get(i);
      watching[slot] = lists.get(i);
    }
  }

  private int slot(String kind) {
    int h = kind.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }

  /** The invariants that check events of {@code kind}, or null when none does. */
  @SuppressWarnings("unchecked")
  List<Invariant> get(String kind) {
    for (int slot = slot(kind); ; slot = (slot + 1) & mask) {
      String k = kinds[slot];
      if (k == null) {
        return null;
      }
      if (k == kind || k.equals(kind)) {
        return (List<Invariant>) watching[slot];
      }
    }
  }

  boolean watches(String kind) {
    return get(kind) != null;
  }

  /** These invariants and {@code invariant}, which checks the events of its kinds after them. */
  InvariantsByKind with(Invariant invariant) {
    List<String> kinds = new ArrayList<>(order);
    List<List<Invariant>> lists = new ArrayList<>(kinds.size() + 1);
    for (String kind : order) {
      lists.add(get(kind));
    }
    for (String kind : invariant.events()) {
      int i = kinds.indexOf(kind);
      if (i < 0) {
        kinds.add(kind);
        lists.add(List.of(invariant));
      } else {
        List<Invariant> more = new ArrayList<>(lists.get(i));
        more.add(invariant);
        lists.set(i, List.copyOf(more));
      }
    }
    return new InvariantsByKind(List.copyOf(kinds), lists);
  }
}
