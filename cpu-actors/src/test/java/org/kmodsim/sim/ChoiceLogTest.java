package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class ChoiceLogTest {
  record Step(int choice, int enabled, long time) {}

  @Property(tries = 200)
  void keepsEveryStepAsAppendedAndSavesAndLoadsThemUnchanged(
      @ForAll @Size(max = 100) List<@net.jqwik.api.From("steps") Step> steps) throws Exception {
    ChoiceLog log = new ChoiceLog();
    steps.forEach(s -> log.append(s.choice(), s.enabled(), s.time()));
    assertThat(log.size()).isEqualTo(steps.size());
    int[] choices = log.choices();
    for (int i = 0; i < steps.size(); i++) {
      assertThat(log.choice(i)).isEqualTo(steps.get(i).choice());
      assertThat(choices[i]).isEqualTo(steps.get(i).choice());
      assertThat(log.enabled(i)).isEqualTo(steps.get(i).enabled());
      assertThat(log.time(i)).isEqualTo(steps.get(i).time());
    }
    Path file = Files.createTempFile("choices", ".log");
    try {
      log.save(file, 7, "random");
      ChoiceLog loaded = ChoiceLog.load(file);
      assertThat(loaded.choices()).isEqualTo(choices);
      for (int i = 0; i < steps.size(); i++) {
        assertThat(loaded.enabled(i)).isEqualTo(steps.get(i).enabled());
        assertThat(loaded.time(i)).isEqualTo(steps.get(i).time());
      }
    } finally {
      Files.delete(file);
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Step> steps() {
    return net.jqwik.api.Combinators.combine(
            net.jqwik.api.Arbitraries.integers(),
            net.jqwik.api.Arbitraries.integers(),
            net.jqwik.api.Arbitraries.longs())
        .as(Step::new);
  }
}
