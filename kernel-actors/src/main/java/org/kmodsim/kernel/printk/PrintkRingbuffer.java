package org.kmodsim.kernel.printk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.kmodsim.cpu.Bug;

/**
 * The log buffer (kernel/printk/printk.c log_store, printk_ringbuffer.c prb_reserve): a bounded
 * sequence of records numbered from 0. Storing a record that does not fit drops the oldest records
 * first, as log_make_free_space() and the lockless ring's tail push do; the buffer counts them so
 * that every record ever stored is either still here or counted as evicted. The "clear" marker of
 * syslog action 5 lives here and is pulled forward by eviction (clear_seq).
 *
 * <p>Pure and single-owner: the Printk actor holds the only instance.
 */
public final class PrintkRingbuffer {
  private final int capacityBytes;
  private final BufferLayout layout;
  private final boolean printkTime;
  private final int maxRecords;
  private final ArrayDeque<PrintkRecord> records = new ArrayDeque<>();
  private long firstSeq;
  private long nextSeq;
  private long clearSeq;
  private long usedBytes;
  private long truncated;

  public PrintkRingbuffer(int capacityBytes, BufferLayout layout, boolean printkTime) {
    if (capacityBytes < 64) {
      throw new IllegalArgumentException("log buffer of " + capacityBytes + " bytes is too small");
    }
    this.capacityBytes = capacityBytes;
    this.layout = layout;
    this.printkTime = printkTime;
    this.maxRecords = layout.maxRecords(capacityBytes);
  }

  /** The outcome of one store: the record as stored and the records it pushed out. */
  public record Stored(PrintkRecord record, List<PrintkRecord> evicted) {
    public Stored {
      evicted = List.copyOf(evicted);
    }
  }

  /**
   * Stores a record with the next sequence number. Text longer than the era's line limit is cut to
   * it; a record bigger than the whole buffer is cut to a quarter of the buffer (MAX_LOG_TAKE_PART)
   * and marked "&lt;truncated&gt;".
   */
  public Stored store(int facility, int level, boolean cont, int cpu, long tsNanos, String text) {
    String kept = text.length() > layout.lineMax() ? text.substring(0, layout.lineMax()) : text;
    PrintkRecord record = new PrintkRecord(nextSeq, facility, level, cont, cpu, tsNanos, kept);
    if (layout.bytes(record, printkTime) > capacityBytes) {
      String marker = "<truncated>";
      int room = Math.max(0, capacityBytes / 4 - 64 - marker.length());
      record =
          new PrintkRecord(
              nextSeq,
              facility,
              level,
              cont,
              cpu,
              tsNanos,
              kept.substring(0, Math.min(room, kept.length())) + marker);
      truncated++;
    }
    int bytes = layout.bytes(record, printkTime);
    List<PrintkRecord> evicted = new ArrayList<>();
    while (!records.isEmpty()
        && (usedBytes + bytes > capacityBytes || records.size() >= maxRecords)) {
      PrintkRecord oldest = records.pollFirst();
      usedBytes -= layout.bytes(oldest, printkTime);
      evicted.add(oldest);
      firstSeq = oldest.seq() + 1;
    }
    records.addLast(record);
    usedBytes += bytes;
    nextSeq++;
    clearSeq = Math.max(clearSeq, firstSeq);
    Bug.on(usedBytes > capacityBytes, "log buffer holds more than its size");
    Bug.on(nextSeq - firstSeq != records.size(), "log buffer sequence numbers have a hole");
    return new Stored(record, evicted);
  }

  /**
   * Appends a KERN_CONT fragment to the newest record, as the 3.5-4.x cont buffer and the 5.10+
   * prb_reserve_in_last() extend the caller's line: same seq, longer text, older records evicted if
   * the longer record no longer fits. Returns null, changing nothing, when the buffer is empty or
   * the merged text would pass the era's line limit or the buffer; the caller then stores the
   * fragment as a record of its own (the kernel flushes the cont buffer when it is full).
   */
  public Stored append(String fragment) {
    PrintkRecord last = records.peekLast();
    if (last == null || last.text().length() + fragment.length() > layout.lineMax()) {
      return null;
    }
    PrintkRecord merged =
        new PrintkRecord(
            last.seq(),
            last.facility(),
            last.level(),
            last.cont(),
            last.cpu(),
            last.tsNanos(),
            last.text() + fragment);
    int oldBytes = layout.bytes(last, printkTime);
    int bytes = layout.bytes(merged, printkTime);
    if (bytes > capacityBytes) {
      return null;
    }
    records.pollLast();
    usedBytes -= oldBytes;
    List<PrintkRecord> evicted = new ArrayList<>();
    while (!records.isEmpty() && usedBytes + bytes > capacityBytes) {
      PrintkRecord oldest = records.pollFirst();
      usedBytes -= layout.bytes(oldest, printkTime);
      evicted.add(oldest);
      firstSeq = oldest.seq() + 1;
    }
    records.addLast(merged);
    usedBytes += bytes;
    clearSeq = Math.max(clearSeq, firstSeq);
    Bug.on(usedBytes > capacityBytes, "log buffer holds more than its size");
    Bug.on(nextSeq - firstSeq != records.size(), "log buffer sequence numbers have a hole");
    return new Stored(merged, evicted);
  }

  /** The record with this sequence number, or null when it was evicted or is not written yet. */
  public PrintkRecord get(long seq) {
    if (seq < firstSeq || seq >= nextSeq) {
      return null;
    }
    long skip = seq - firstSeq;
    if (skip < records.size() / 2) {
      Iterator<PrintkRecord> it = records.iterator();
      for (long i = 0; i < skip; i++) {
        it.next();
      }
      return it.next();
    }
    Iterator<PrintkRecord> it = records.descendingIterator();
    for (long i = nextSeq - 1; i > seq; i--) {
      it.next();
    }
    return it.next();
  }

  /** The records from {@code fromSeq} (or the oldest, if that is later) to the newest. */
  public List<PrintkRecord> from(long fromSeq) {
    List<PrintkRecord> list = new ArrayList<>();
    for (PrintkRecord record : records) {
      if (record.seq() >= fromSeq) {
        list.add(record);
      }
    }
    return list;
  }

  /** syslog action 5: later READ_ALL and /dev/kmsg SEEK_DATA start after what is here now. */
  public void clear() {
    clearSeq = nextSeq;
  }

  /** Sequence number of the oldest record still stored (log_first_seq). */
  public long firstSeq() {
    return firstSeq;
  }

  /** Sequence number the next record will get (log_next_seq); also the number ever stored. */
  public long nextSeq() {
    return nextSeq;
  }

  public long clearSeq() {
    return clearSeq;
  }

  /** Records stored and pushed out since boot: exactly {@link #firstSeq()}. */
  public long evicted() {
    return firstSeq;
  }

  public int size() {
    return records.size();
  }

  public long usedBytes() {
    return usedBytes;
  }

  public int capacityBytes() {
    return capacityBytes;
  }

  public BufferLayout layout() {
    return layout;
  }

  public long truncatedRecords() {
    return truncated;
  }
}
