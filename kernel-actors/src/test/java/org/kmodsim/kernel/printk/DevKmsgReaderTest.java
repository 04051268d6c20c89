package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Errno;

class DevKmsgReaderTest {
  static final int BUFFER = 8192;

  static PrintkRingbuffer ring(int bytes) {
    return new PrintkRingbuffer(bytes, BufferLayout.STRUCT_LOG, false);
  }

  @Test
  void eachOpenStartsAtTheOldestRecordAndReadsOneRecordPerRead() {
    PrintkRingbuffer ring = ring(4096);
    ring.store(0, 6, false, 0, 5_140_900_000L, "NET: Registered protocol family 10");
    ring.store(0, 3, false, 0, 6_000_000_000L, "two");
    DevKmsgReader first = new DevKmsgReader(ring);
    assertThat(first.read(ring, BUFFER, true).text())
        .isEqualTo("6,0,5140900,-;NET: Registered protocol family 10\n");
    DevKmsgReader second = new DevKmsgReader(ring); // independent: starts at the oldest again
    assertThat(second.read(ring, BUFFER, true).text()).startsWith("6,0,");
    assertThat(first.read(ring, BUFFER, true).text()).isEqualTo("3,1,6000000,-;two\n");
  }

  @Test
  void theEndIsEagainWhenNonBlockingElseTheReadWouldBlock() {
    PrintkRingbuffer ring = ring(4096);
    DevKmsgReader reader = new DevKmsgReader(ring);
    assertThat(reader.read(ring, BUFFER, true).errno()).isEqualTo(Errno.EAGAIN);
    DevKmsgReader.Read blocking = reader.read(ring, BUFFER, false);
    assertThat(blocking.wouldBlock()).isTrue();
    assertThat(blocking.errno()).isNull();
    ring.store(0, 6, false, 0, 0, "late");
    assertThat(reader.read(ring, BUFFER, false).text()).isEqualTo("6,0,0,-;late\n");
  }

  @Test
  void anOverwrittenRecordGivesEpipeOnceThenTheReaderGoesOnAtTheOldest() {
    PrintkRingbuffer ring = ring(128); // two 56-byte records fit
    ring.store(0, 6, false, 0, 0, "a".repeat(40));
    DevKmsgReader reader = new DevKmsgReader(ring);
    ring.store(0, 6, false, 0, 0, "b".repeat(40));
    ring.store(0, 6, false, 0, 0, "c".repeat(40)); // evicts seq 0, the reader's next record
    assertThat(reader.read(ring, BUFFER, true).errno()).isEqualTo(Errno.EPIPE);
    assertThat(reader.seq()).isEqualTo(1);
    assertThat(reader.read(ring, BUFFER, true).text()).startsWith("6,1,0,-;bbb");
    assertThat(reader.read(ring, BUFFER, true).text()).startsWith("6,2,0,-;ccc");
    assertThat(reader.read(ring, BUFFER, true).errno()).isEqualTo(Errno.EAGAIN);
  }

  @Test
  void aBufferSmallerThanTheRecordIsEinvalAndKeepsThePosition() {
    PrintkRingbuffer ring = ring(4096);
    ring.store(0, 6, false, 0, 0, "hello");
    DevKmsgReader reader = new DevKmsgReader(ring);
    assertThat(reader.read(ring, 5, true).errno()).isEqualTo(Errno.EINVAL);
    assertThat(reader.read(ring, BUFFER, true).text()).isEqualTo("6,0,0,-;hello\n");
  }

  @Test
  void seekTakesOnlyOffsetZeroAndMovesToOldestClearMarkOrEnd() {
    PrintkRingbuffer ring = ring(4096);
    ring.store(0, 6, false, 0, 0, "one");
    ring.clear();
    ring.store(0, 6, false, 0, 0, "two");
    DevKmsgReader reader = new DevKmsgReader(ring);
    assertThat(reader.seek(ring, 1, DevKmsgReader.Whence.SET)).isEqualTo(Errno.ESPIPE);
    assertThat(reader.seek(ring, 0, DevKmsgReader.Whence.CUR)).isEqualTo(Errno.EINVAL);
    assertThat(reader.seek(ring, 0, DevKmsgReader.Whence.DATA)).isNull();
    assertThat(reader.read(ring, BUFFER, true).text()).endsWith(";two\n");
    assertThat(reader.seek(ring, 0, DevKmsgReader.Whence.SET)).isNull();
    assertThat(reader.read(ring, BUFFER, true).text()).endsWith(";one\n");
    assertThat(reader.seek(ring, 0, DevKmsgReader.Whence.END)).isNull();
    assertThat(reader.read(ring, BUFFER, true).errno()).isEqualTo(Errno.EAGAIN);
  }
}
