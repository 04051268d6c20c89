package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConcurrentSimTest {
  @Test
  void theSameWorkloadRunsOnRealThreads() {
    AtomicLong served = new AtomicLong();
    RunResult result =
        SimEngine.shared()
            .run(
                RunSpec.concurrent(
                    1, "machine", sim -> ContentionModel.root(sim, 4, 2_000, served)));
    assertThat(result.mode()).isEqualTo(SimMode.CONCURRENT);
    assertThat(result.end()).isEqualTo(EndReason.HALTED);
    assertThat(served.get()).isEqualTo(8_000);
    assertThat(result.traceDigest()).isNull();
    // Every ask and answer went through the interconnect: 2 per round, plus ticks and dones.
    assertThat(result.steps()).isGreaterThanOrEqualTo(16_000);
  }
}
