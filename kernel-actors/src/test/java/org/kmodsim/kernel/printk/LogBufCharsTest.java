package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class LogBufCharsTest {

  @Test
  void overflowOverwritesTheOldestBytesAndTheReaderSilentlySkips() {
    LogBufChars log = new LogBufChars(16);
    log.emit("<6>0123456789\n"); // 14
    log.emit("<4>abcdef\n"); // 10: 24 written, 8 overwritten
    assertThat(log.unread()).isEqualTo(16);
    assertThat(log.read(100)).isEqualTo("56789\n<4>abcdef\n");
    assertThat(log.skipped()).isEqualTo(8);
    assertThat(log.readAll(100)).isEqualTo("56789\n<4>abcdef\n"); // READ_ALL does not consume
  }

  @Test
  void aContinuationTakesBackTheNewlineOnlyWhileNoReaderConsumedIt() {
    LogBufChars log = new LogBufChars(64);
    log.emit("<6>a\n");
    assertThat(log.retractNewline()).isTrue();
    log.emit("b\n");
    assertThat(log.readAll(100)).isEqualTo("<6>ab\n");
    assertThat(log.read(100)).isEqualTo("<6>ab\n");
    assertThat(log.retractNewline()).isFalse(); // the reader has the newline already
    assertThat(log.readAll(100)).isEqualTo("<6>ab\n");
  }

  @Test
  void lengthMustBeAPowerOfTwo() {
    assertThatThrownBy(() -> new LogBufChars(1000)).hasMessageContaining("power of two");
  }

  /** Unread + consumed + overwritten = written, whatever the writes and reads. */
  @Property(tries = 200)
  void everyByteIsReadUnreadOrOverwritten(
      @ForAll @Size(max = 50) List<@StringLength(max = 40) String> writes,
      @ForAll @IntRange(min = 0, max = 30) int readEvery) {
    LogBufChars log = new LogBufChars(64);
    long written = 0;
    long consumed = 0;
    for (String text : writes) {
      log.emit(text);
      written += text.length();
      consumed += log.read(readEvery).length();
      assertThat(log.unread()).isLessThanOrEqualTo(64);
      assertThat(log.readAll(1000).length()).isLessThanOrEqualTo(64);
    }
    assertThat(consumed + log.unread() + log.skipped()).isEqualTo(written);
  }
}
