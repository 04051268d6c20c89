package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PekkoCeilingTest {
  @Test
  void bothPhasesRunOnTheConcurrentDispatcherAndCountWhatTheyDid() {
    PekkoCeiling.Figures figures =
        SimEngine.shared().pekkoCeiling(3, Duration.ofMillis(5), Duration.ofMillis(20), 4);
    assertThat(figures.clients()).isEqualTo(3);
    // The phase starts measuring once every client has had an answer; counts are not timed here.
    assertThat(figures.roundTrips()).isNotNegative();
    assertThat(figures.tells()).isNotNegative();
    assertThat(figures.roundTripNanos()).isGreaterThanOrEqualTo(20_000_000);
    assertThat(figures.requestReplyPerSec())
        .isEqualTo(figures.roundTrips() * 1e9 / figures.roundTripNanos());
    assertThat(figures.tellPerSec()).isEqualTo(figures.tells() * 1e9 / figures.tellNanos());
    // The window is cut into four parts, each with its own rate, the reference's spread.
    assertThat(figures.roundTripWindows().rates()).hasSize(4);
    assertThat(figures.tellWindows().rates()).hasSize(4);
    assertThat(figures.roundTripWindows().median())
        .isBetween(figures.roundTripWindows().min(), figures.roundTripWindows().max());
  }

  @Test
  void aCeilingNeedsAWindow() {
    assertThatThrownBy(
            () -> SimEngine.shared().pekkoCeiling(1, Duration.ofMillis(1), Duration.ofMillis(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCeilingNeedsAClient() {
    assertThatThrownBy(
            () -> SimEngine.shared().pekkoCeiling(0, Duration.ofMillis(1), Duration.ofMillis(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
