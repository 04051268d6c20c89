package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Under any interleaving of read-side sections on four CPUs, a grace period never ends before every
 * CPU that was inside when it started has been outside all its sections once (a quiescent state),
 * and every grace period ends once all CPUs have left their sections.
 */
class GracePeriodsProperties {

  /** An operation: 0..3 enter on that CPU, 4..7 exit on CPU (op - 4) if inside, 8 start a GP. */
  @Provide
  Arbitrary<List<Integer>> operations() {
    return Arbitraries.integers().between(0, 8).list().ofMaxSize(200);
  }

  @Property
  void aGracePeriodWaitsForEveryReaderThatWasInside(@ForAll("operations") List<Integer> ops) {
    GracePeriods<Integer> grace = new GracePeriods<>();
    TreeMap<Integer, Integer> depth = new TreeMap<>();
    List<TreeMap<Integer, Integer>> insideAtStart = new ArrayList<>();
    List<Boolean> ended = new ArrayList<>();
    for (int op : ops) {
      if (op < 4) {
        grace.enter(op);
        depth.merge(op, 1, Integer::sum);
      } else if (op < 8) {
        int cpu = op - 4;
        if (depth.getOrDefault(cpu, 0) == 0) {
          continue;
        }
        depth.merge(cpu, -1, Integer::sum);
        if (depth.get(cpu) == 0) {
          insideAtStart.forEach(waiting -> waiting.remove(cpu)); // a quiescent state
        }
        for (int gp : grace.exit(cpu)) {
          assertThat(ended.get(gp)).isFalse();
          ended.set(gp, true);
          assertThat(insideAtStart.get(gp)).as("readers not yet quiescent").isEmpty();
        }
      } else {
        int id = ended.size();
        TreeMap<Integer, Integer> inside = new TreeMap<>();
        depth.forEach(
            (c, d) -> {
              if (d > 0) {
                inside.put(c, d);
              }
            });
        insideAtStart.add(inside);
        ended.add(grace.start(id));
        if (ended.get(id)) {
          assertThat(inside).isEmpty();
        }
      }
    }
    for (int cpu = 0; cpu < 4; cpu++) {
      while (depth.getOrDefault(cpu, 0) > 0) {
        depth.merge(cpu, -1, Integer::sum);
        for (int gp : grace.exit(cpu)) {
          ended.set(gp, true);
        }
      }
    }
    assertThat(ended).doesNotContain(false);
    assertThat(grace.pending()).isZero();
  }
}
