package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * synchronize_rcu() for the probe table, as tree RCU does it: each CPU reports when it leaves its
 * read-side sections (here: the int3 handler running pre/post handlers, and the kretprobe
 * trampoline running a return handler), and a grace period ends once every CPU that was inside a
 * section when it started has been outside all of them at least once. Readers never block writers;
 * a CPU that is not in a section is already quiescent. Pure.
 *
 * @param <T> what to do when a grace period ends (the bottom half of an unregistration)
 */
final class GracePeriods<T> {
  private final TreeMap<Integer, Integer> depth = new TreeMap<>();
  private final List<Waiting<T>> waiting = new ArrayList<>();

  private record Waiting<T>(TreeSet<Integer> cpus, T then) {}

  /** rcu_read_lock() on a CPU (it may nest: a recursive hit inside a handler). */
  void enter(int cpu) {
    depth.merge(cpu, 1, Integer::sum);
  }

  /** rcu_read_unlock(); returns the grace periods this quiescent state completed. */
  List<T> exit(int cpu) {
    int now = depth.getOrDefault(cpu, 0) - 1;
    org.kmodsim.cpu.Bug.on(now < 0, () -> "cpu" + cpu + " left an RCU section it never entered");
    depth.put(cpu, now);
    List<T> done = new ArrayList<>();
    if (now > 0) {
      return done;
    }
    Iterator<Waiting<T>> it = waiting.iterator();
    while (it.hasNext()) {
      Waiting<T> gp = it.next();
      gp.cpus().remove(cpu);
      if (gp.cpus().isEmpty()) {
        done.add(gp.then());
        it.remove();
      }
    }
    return done;
  }

  /** Starts a grace period; returns true when no CPU is inside a section (it ended at once). */
  boolean start(T then) {
    TreeSet<Integer> inside = new TreeSet<>();
    depth.forEach(
        (cpu, d) -> {
          if (d > 0) {
            inside.add(cpu);
          }
        });
    if (inside.isEmpty()) {
      return true;
    }
    waiting.add(new Waiting<>(inside, then));
    return false;
  }

  boolean inside(int cpu) {
    return depth.getOrDefault(cpu, 0) > 0;
  }

  int pending() {
    return waiting.size();
  }
}
