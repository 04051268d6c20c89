package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every limit ends a run as truncated, with the reason in words: never a silent end. */
class RunLimitsTest {
  private final SimEngine engine = SimEngine.shared();

  private static RunSpec longRun() {
    AtomicLong served = new AtomicLong();
    return RunSpec.deterministic(1, "machine", sim -> ContentionModel.root(sim, 2, 1_000, served));
  }

  @Test
  void stepLimitIsATruncationWithItsReason() {
    RunResult result = engine.run(longRun().withLimits(100, Long.MAX_VALUE, Duration.ofMinutes(1)));
    assertThat(result.end()).isEqualTo(EndReason.STEP_LIMIT);
    assertThat(result.end().truncation()).isEqualTo("step-limit");
    assertThat(result.haltReason()).isEqualTo("step limit reached: 100 deliveries");
  }

  @Test
  void virtualTimeLimitStopsBeforeTheClockPassesIt() {
    RunResult result = engine.run(longRun().withLimits(Long.MAX_VALUE, 1, Duration.ofMinutes(1)));
    assertThat(result.end()).isEqualTo(EndReason.VIRTUAL_TIME_LIMIT);
    assertThat(result.end().truncation()).isEqualTo("virtual-time");
    assertThat(result.virtualTimeNanos()).isLessThanOrEqualTo(1);
    assertThat(result.haltReason()).startsWith("virtual-time limit reached");
  }

  @Test
  void wallTimeLimitAlsoBoundsADeterministicRun() {
    RunResult result =
        engine.run(longRun().withLimits(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofNanos(1)));
    assertThat(result.end()).isEqualTo(EndReason.WALL_TIME_LIMIT);
    assertThat(result.end().truncation()).isEqualTo("wall-time");
  }

  @Test
  void choiceLogLimitEndsARunBeforeItsLogOutgrowsTheHeap() {
    RunResult result = engine.run(longRun().withChoiceLimit(50));
    assertThat(result.end()).isEqualTo(EndReason.CHOICE_LOG_LIMIT);
    assertThat(result.choices().size()).isEqualTo(50);
    assertThat(result.haltReason()).isEqualTo("choice log full: 50 choices");
  }

  @Test
  void aWholeRunIsNotTruncated() {
    RunResult result = engine.run(longRun());
    assertThat(result.end().truncated()).isFalse();
  }

  @Test
  void interruptEndsRunsUntilCleared() {
    try (SimEngine own = new SimEngine(new EngineSettings(1, 2, 5))) {
      own.interrupt();
      assertThat(own.interrupted()).isTrue();
      RunResult stopped = own.run(longRun());
      assertThat(stopped.end()).isEqualTo(EndReason.INTERRUPTED);
      assertThat(stopped.end().truncation()).isEqualTo("interrupted");
      RunResult concurrent = own.run(longRun().withMode(SimMode.CONCURRENT));
      assertThat(concurrent.end()).isEqualTo(EndReason.INTERRUPTED);
      own.clearInterrupt();
      assertThat(own.run(longRun()).end().truncated()).isFalse();
    }
  }
}
