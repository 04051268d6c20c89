package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WindowRatesTest {
  @Test
  void theMedianOfAnOddCountIsTheMiddleRateAndOneBurstDoesNotMoveIt() {
    WindowRates quiet = new WindowRates(List.of(2.0e6, 1.9e6, 2.1e6, 2.0e6, 1.8e6));
    WindowRates burst = new WindowRates(List.of(2.0e6, 1.9e6, 2.1e6, 2.0e6, 0.2e6));
    assertThat(quiet.median()).isEqualTo(2.0e6);
    assertThat(burst.median()).isEqualTo(2.0e6);
    assertThat(burst.min()).isEqualTo(0.2e6);
    assertThat(burst.max()).isEqualTo(2.1e6);
    assertThat(burst.spread())
        .isCloseTo((2.1e6 - 0.2e6) / 2.0e6, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleRates() {
    assertThat(new WindowRates(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
  }

  @Test
  void ratesAreCountsOverTheirWindowsAndBeforeComesFirstWhenJoined() {
    WindowRates before =
        WindowRates.of(new long[] {100, 300}, new long[] {1_000_000_000, 2_000_000_000});
    WindowRates after = WindowRates.of(new long[] {7}, new long[] {0});
    assertThat(before.rates()).containsExactly(100.0, 150.0);
    assertThat(before.and(after).rates()).containsExactly(100.0, 150.0, 0.0);
    assertThatThrownBy(() -> WindowRates.of(new long[] {1}, new long[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noWindowsGiveZerosNotAnError() {
    WindowRates none = new WindowRates(List.of());
    assertThat(none.median()).isZero();
    assertThat(none.spread()).isZero();
    assertThat(new WindowRates(List.of(0.0, 0.0)).spread()).isZero();
  }

  @Property
  void theMedianLiesBetweenTheExtremesAndIgnoresTheOrder(
      @ForAll @Size(min = 1, max = 20) List<@DoubleRange(min = 0, max = 1e9) Double> rates) {
    WindowRates windows = new WindowRates(rates);
    assertThat(windows.median()).isBetween(windows.min(), windows.max());
    assertThat(windows.spread()).isNotNegative();
    List<Double> shuffled = new ArrayList<>(rates);
    Collections.reverse(shuffled);
    assertThat(new WindowRates(shuffled).median()).isEqualTo(windows.median());
  }
}
