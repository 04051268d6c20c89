package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PrintkRingbufferTest {

  @Test
  void overflowEvictsTheOldestWholeRecords() {
    PrintkRingbuffer ring = new PrintkRingbuffer(128, BufferLayout.STRUCT_LOG, false);
    ring.store(0, 6, false, 0, 0, "a".repeat(40)); // 56 bytes
    ring.store(0, 6, false, 0, 0, "b".repeat(40)); // 112
    PrintkRingbuffer.Stored third = ring.store(0, 6, false, 0, 0, "c".repeat(40));
    assertThat(third.evicted()).extracting(PrintkRecord::seq).containsExactly(0L);
    assertThat(ring.firstSeq()).isEqualTo(1);
    assertThat(ring.nextSeq()).isEqualTo(3);
    assertThat(ring.get(0)).isNull();
    assertThat(ring.get(2).text()).startsWith("c");
  }

  @Test
  void aFragmentExtendsTheNewestRecordInPlaceAndEvictsIfTheLongerRecordNeedsRoom() {
    PrintkRingbuffer ring = new PrintkRingbuffer(128, BufferLayout.STRUCT_LOG, false);
    ring.store(0, 6, false, 0, 0, "a".repeat(40)); // 56 bytes
    ring.store(0, 6, false, 1, 0, "b".repeat(40)); // 112
    PrintkRingbuffer.Stored merged = ring.append("c".repeat(20)); // 80: 136 > 128
    assertThat(merged.record().seq()).isEqualTo(1);
    assertThat(merged.record().text()).isEqualTo("b".repeat(40) + "c".repeat(20));
    assertThat(merged.record().cpu()).isEqualTo(1);
    assertThat(merged.evicted()).extracting(PrintkRecord::seq).containsExactly(0L);
    assertThat(ring.nextSeq()).isEqualTo(2);
    assertThat(ring.usedBytes()).isEqualTo(80);
  }

  @Test
  void aFragmentThatWouldPassTheLineLimitIsNotMerged() {
    PrintkRingbuffer ring = new PrintkRingbuffer(1 << 17, BufferLayout.STRUCT_LOG, false);
    assertThat(ring.append("x")).isNull(); // nothing to extend
    ring.store(0, 6, false, 0, 0, "a".repeat(990));
    assertThat(ring.append("bcd")).isNull(); // 993 > LOG_LINE_MAX 992
    assertThat(ring.get(0).text()).hasSize(990);
  }

  @Test
  void descriptorRingLimitsTheRecordCountSince510() {
    PrintkRingbuffer ring = new PrintkRingbuffer(128, BufferLayout.RINGBUFFER, false);
    for (int i = 0; i < 6; i++) {
      ring.store(0, 6, false, 0, 0, "x");
    }
    assertThat(ring.size()).isEqualTo(4); // 128 >> 5 descriptors
  }

  @Test
  void theClearMarkerIsPulledForwardByEviction() {
    PrintkRingbuffer ring = new PrintkRingbuffer(64, BufferLayout.STRUCT_LOG, false);
    ring.store(0, 6, false, 0, 0, "x");
    ring.clear();
    assertThat(ring.clearSeq()).isEqualTo(1);
    for (int i = 0; i < 10; i++) {
      ring.store(0, 6, false, 0, 0, "y".repeat(20));
    }
    assertThat(ring.clearSeq()).isEqualTo(ring.firstSeq());
  }

  @Test
  void aRecordBiggerThanTheBufferIsTruncated() {
    PrintkRingbuffer ring = new PrintkRingbuffer(256, BufferLayout.STRUCT_LOG, false);
    PrintkRecord record = ring.store(0, 6, false, 0, 0, "z".repeat(900)).record();
    assertThat(record.text()).endsWith("<truncated>");
    assertThat(ring.usedBytes()).isLessThanOrEqualTo(256);
  }

  /** Every record stored is handled by the console, still pending, or counted as dropped. */
  @Property(tries = 300)
  void storedRecordsArePrintedPendingOrDropped(
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 300) Integer> lengths,
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 5) Integer> consoleSpeed,
      @ForAll @IntRange(min = 64, max = 4096) int capacity,
      @ForAll BufferLayout layout) {
    PrintkRingbuffer ring = new PrintkRingbuffer(capacity, layout, true);
    ConsoleCursor console = new ConsoleCursor(0);
    long evicted = 0;
    for (int i = 0; i < lengths.size(); i++) {
      evicted +=
          ring.store(0, i % 8, false, 0, i * 1000L, "m".repeat(lengths.get(i))).evicted().size();
      int budget = i < consoleSpeed.size() ? consoleSpeed.get(i) : 1;
      for (int k = 0; k < budget; k++) {
        console.skipDropped(ring);
        if (!console.hasPending(ring)) {
          break;
        }
        PrintkRecord record = ring.get(console.seq());
        if (record.level() >= 7) {
          console.suppressed(record);
        } else {
          console.printed(record);
        }
      }
      assertThat(
              console.printed()
                  + console.suppressed()
                  + console.dropped(ring)
                  + console.pending(ring))
          .isEqualTo(ring.nextSeq());
      assertThat(ring.usedBytes()).isLessThanOrEqualTo(capacity);
      assertThat(evicted).isEqualTo(ring.evicted());
      assertThat((long) ring.size() + ring.evicted()).isEqualTo(ring.nextSeq());
    }
  }
}
