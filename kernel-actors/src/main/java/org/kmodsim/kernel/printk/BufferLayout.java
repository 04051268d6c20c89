package org.kmodsim.kernel.printk;

import org.kmodsim.kernel.Era;

/**
 * How much of the log buffer one record takes, per era. The buffer's byte size is LOG_BUF_LEN; what
 * a record costs in it changed twice:
 *
 * <ol>
 *   <li>{@link #CHARS}, 2.4 to 3.4 (kernel/printk.c): the characters themselves, the "&lt;N&gt;"
 *       tag and, with printk time, the timestamp text, plus the newline.
 *   <li>{@link #STRUCT_LOG}, 3.5 to 5.9: a 16-byte struct printk_log header and the text, aligned
 *       to 8 bytes (LOG_ALIGN on 64-bit).
 *   <li>{@link #RINGBUFFER}, 5.10+ (printk_ringbuffer): a data block of the 8-byte descriptor id
 *       and the text aligned to 8, and one of the 2^(LOG_BUF_SHIFT-5) descriptors.
 * </ol>
 */
public enum BufferLayout {
  CHARS(1024),
  STRUCT_LOG(992),
  RINGBUFFER(1024);

  private final int lineMax;

  BufferLayout(int lineMax) {
    this.lineMax = lineMax;
  }

  public static BufferLayout of(Era era) {
    return switch (era) {
      case V2_4, V2_6 -> CHARS;
      case V4_X -> STRUCT_LOG;
      default -> RINGBUFFER;
    };
  }

  /** The longest text one printk stores (printk_buf, LOG_LINE_MAX, PRINTKRB_RECORD_MAX). */
  public int lineMax() {
    return lineMax;
  }

  /** Bytes the record takes in the buffer. */
  public int bytes(PrintkRecord record, boolean printkTime) {
    int text = record.text().length();
    return switch (this) {
      case CHARS -> 3 + (printkTime ? PrintkTime.prefix(record.tsNanos()).length() : 0) + text + 1;
      case STRUCT_LOG -> align8(16 + text);
      default -> align8(8 + text);
    };
  }

  /** The maximum number of records, or Integer.MAX_VALUE when only bytes count. */
  public int maxRecords(int capacityBytes) {
    return this == RINGBUFFER ? Math.max(1, capacityBytes >> 5) : Integer.MAX_VALUE;
  }

  private static int align8(int n) {
    return (n + 7) & ~7;
  }
}
