package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LaneExecutorTest {
  @Test
  void aSeriesIsSpreadOverTheLanesAndEveryOtherActorSharesTheLastOne() {
    assertThat(LaneExecutor.laneOf("cpu0", 2)).isZero();
    assertThat(LaneExecutor.laneOf("cpu1", 2)).isEqualTo(1);
    assertThat(LaneExecutor.laneOf("cpu4", 2)).isZero();
    assertThat(LaneExecutor.laneOf("cpu3", 8)).isEqualTo(3);
    assertThat(LaneExecutor.laneOf("client2", 4)).isEqualTo(2);
    assertThat(LaneExecutor.laneOf("vfs", 8)).isEqualTo(7);
    assertThat(LaneExecutor.laneOf("central", 2)).isEqualTo(1);
    assertThat(LaneExecutor.laneOf("cpu7", 1)).isZero();
    assertThat(LaneExecutor.laneOf("module-usedev-3", 4)).isEqualTo(3);
    assertThat(LaneExecutor.laneOf("module-usedev-2", 4)).isEqualTo(3);
    assertThat(LaneExecutor.laneOf("machine-17", 2)).isEqualTo(1);
    assertThat(LaneExecutor.laneOf("42", 2)).isEqualTo(1);
    assertThat(LaneExecutor.laneOf("cpu123456789012", 3)).isBetween(0, 2);
  }

  @Test
  void aParkedLaneRunsTheTasksSubmittedFromOutsideInOrder() throws Exception {
    LaneExecutor executor = new LaneExecutor(2, 1_000, Executors.defaultThreadFactory());
    try {
      ConcurrentLinkedQueue<Integer> ran = new ConcurrentLinkedQueue<>();
      // Two rounds: the second finds the lanes parked after the first and must wake them.
      for (int round = 0; round < 2; round++) {
        CountDownLatch done = new CountDownLatch(100);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          int n = round * 100 + i;
          expected.add(n);
          executor.execute(
              () -> {
                ran.add(n);
                done.countDown();
              });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsSubsequence(expected);
      }
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
