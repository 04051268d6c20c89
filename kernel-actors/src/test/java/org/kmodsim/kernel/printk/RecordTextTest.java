package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordTextTest {
  static final PrintkRecord NET =
      new PrintkRecord(339, 0, 6, false, 0, 5_140_900_123L, "NET: Registered protocol family 10");

  @Test
  void timestampsAreFiveDotSixDigits() {
    assertThat(PrintkTime.prefix(3_771_531_000L)).isEqualTo("[    3.771531] ").hasSize(15);
    assertThat(PrintkTime.prefix(0)).isEqualTo("[    0.000000] ");
    assertThat(PrintkTime.prefix(123_456_789_999_999L)).isEqualTo("[123456.789999] ");
  }

  @Test
  void devKmsgRecordFormat() {
    assertThat(RecordText.kmsg(NET))
        .isEqualTo("6,339,5140900,-;NET: Registered protocol family 10\n");
    PrintkRecord odd = new PrintkRecord(1, 1, 5, true, 0, 0, "a\\b\nc\u0007");
    assertThat(RecordText.kmsg(odd)).isEqualTo("13,1,0,c;a\\x5cb\\x0ac\\x07\n");
  }

  @Test
  void syslogAndConsoleLinesRepeatThePrefixPerLine() {
    PrintkRecord two = new PrintkRecord(0, 0, 4, false, 0, 1_000_000, "one\ntwo");
    assertThat(RecordText.syslog(two, true))
        .isEqualTo("<4>[    0.001000] one\n<4>[    0.001000] two\n");
    assertThat(RecordText.console(two, false)).isEqualTo("one\ntwo\n");
  }

  @Test
  void droppedLineExistsOnlyFromTheRecordBufferOn() {
    assertThat(RecordText.dropped(3, BufferLayout.RINGBUFFER))
        .isEqualTo("** 3 printk messages dropped **\n");
    assertThat(RecordText.dropped(3, BufferLayout.CHARS)).isEmpty();
    assertThat(RecordText.dropped(0, BufferLayout.RINGBUFFER)).isEmpty();
  }
}
