package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsoleSemTest {

  @Test
  void lockOwnerLosersReturnAtOnce() {
    ConsoleSem<String> sem = new ConsoleSem<>();
    assertThat(sem.arrive("cpu0", DeliveryMode.LOCK_OWNER, false))
        .isEqualTo(ConsoleSem.Arrival.OWNER);
    assertThat(sem.arrive("cpu1", DeliveryMode.LOCK_OWNER, false))
        .isEqualTo(ConsoleSem.Arrival.RETURN);
    assertThat(sem.handOver()).isNull();
    assertThat(sem.release()).isNull();
  }

  @Test
  void handoverHasOneSpinnerWhoTakesOverAfterTheCurrentRecord() {
    ConsoleSem<String> sem = new ConsoleSem<>();
    sem.arrive("cpu0", DeliveryMode.HANDOVER, false);
    assertThat(sem.arrive("cpu1", DeliveryMode.HANDOVER, false)).isEqualTo(ConsoleSem.Arrival.SPIN);
    assertThat(sem.arrive("cpu2", DeliveryMode.HANDOVER, false))
        .isEqualTo(ConsoleSem.Arrival.RETURN);
    assertThat(sem.handOver()).isEqualTo("cpu0");
    assertThat(sem.owner()).isEqualTo("cpu1");
    assertThat(sem.waiter()).isNull();
  }

  @Test
  void directCallersQueueAndThreadedCallersNeverHoldTheConsole() {
    ConsoleSem<String> sem = new ConsoleSem<>();
    sem.arrive("cpu0", DeliveryMode.DIRECT, false);
    assertThat(sem.arrive("cpu1", DeliveryMode.DIRECT, false)).isEqualTo(ConsoleSem.Arrival.QUEUED);
    assertThat(sem.release()).isEqualTo("cpu1");
    ConsoleSem<String> threaded = new ConsoleSem<>();
    assertThat(threaded.arrive("cpu0", DeliveryMode.THREADED, false))
        .isEqualTo(ConsoleSem.Arrival.RETURN);
    assertThat(threaded.tryAcquire("printer")).isTrue();
    assertThat(threaded.arrive("cpu1", DeliveryMode.THREADED, true))
        .isEqualTo(ConsoleSem.Arrival.SPIN); // emergency output is flushed by its caller
  }

  @Test
  void panicTakesTheConsoleFromWhoeverHoldsIt() {
    ConsoleSem<String> sem = new ConsoleSem<>();
    sem.arrive("cpu0", DeliveryMode.HANDOVER, false);
    sem.arrive("cpu1", DeliveryMode.HANDOVER, false);
    sem.takeOver("panic");
    assertThat(sem.owner()).isEqualTo("panic");
    assertThat(sem.waiter()).isNull();
    assertThat(sem.release()).isNull();
  }
}
