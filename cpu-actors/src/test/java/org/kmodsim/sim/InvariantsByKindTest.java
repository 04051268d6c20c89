package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class InvariantsByKindTest {
  // "Aa" and "BB" have one String hash: they share a slot and must still be told apart.
  private static final List<String> KINDS =
      List.of("Aa", "BB", "module_get", "module_put", "run_end", "violation:x", "a", "b", "c");

  private record Watcher(String kind, Set<String> events) implements Invariant {}

  @Property
  void findsTheInvariantsOfAKindInTheOrderTheyWereAdded(
      @ForAll @Size(max = 12) List<@Size(max = 5) List<@IntRange(min = 0, max = 8) Integer>> adds) {
    InvariantsByKind table = InvariantsByKind.NONE;
    Map<String, List<Invariant>> expected = new LinkedHashMap<>();
    for (int i = 0; i < adds.size(); i++) {
      Set<String> events = new LinkedHashSet<>();
      adds.get(i).forEach(k -> events.add(KINDS.get(k)));
      Watcher w = new Watcher("w" + i, events);
      table = table.with(w);
      for (String kind : events) {
        expected.computeIfAbsent(kind, k -> new ArrayList<>()).add(w);
      }
    }
    for (String kind : KINDS) {
      assertThat(table.get(kind)).isEqualTo(expected.get(kind));
      assertThat(table.watches(kind)).isEqualTo(expected.containsKey(kind));
    }
    assertThat(table.get(new String("module_get".toCharArray())))
        .isEqualTo(expected.get("module_get"));
  }

  @Test
  void addingMakesANewTableAndLeavesTheOldOneAsItWas() {
    InvariantsByKind one = InvariantsByKind.NONE.with(new Watcher("w1", Set.of("module_get")));
    InvariantsByKind two = one.with(new Watcher("w2", Set.of("module_get", "module_put")));
    assertThat(one.get("module_get")).extracting(Invariant::kind).containsExactly("w1");
    assertThat(one.watches("module_put")).isFalse();
    assertThat(two.get("module_get")).extracting(Invariant::kind).containsExactly("w1", "w2");
    assertThat(two.get("module_put")).extracting(Invariant::kind).containsExactly("w2");
    assertThat(InvariantsByKind.NONE.get("module_get")).isNull();
  }
}
