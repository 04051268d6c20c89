package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConsoleCursorTest {

  @Test
  void reopeningTheLastPrintedRecordMakesItPendingAndUncountsIt() {
    PrintkRingbuffer ring = new PrintkRingbuffer(1024, BufferLayout.RINGBUFFER, false);
    PrintkRecord record = ring.store(0, 6, false, 0, 0, "a").record();
    ConsoleCursor cursor = new ConsoleCursor(0);
    cursor.printed(record);
    cursor.reopen(0);
    assertThat(cursor.seq()).isZero();
    assertThat(cursor.printed()).isZero();
    assertThat(cursor.pending(ring)).isEqualTo(1);
  }

  @Test
  void onlyTheRecordHandledLastCanBeReopened() {
    ConsoleCursor cursor = new ConsoleCursor(5);
    assertThatThrownBy(() -> cursor.reopen(4)).isInstanceOf(IllegalStateException.class);
  }
}
