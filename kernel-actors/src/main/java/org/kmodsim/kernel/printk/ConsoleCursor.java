package org.kmodsim.kernel.printk;

/**
 * A reader's position in the log buffer: a console's seq (con->seq, console_seq before 5.19) or the
 * syslog reader's syslog_seq. Moving on tells the reader what comes next: a gap of records evicted
 * before it got to them (counted as dropped, the count the console prints as "** N printk messages
 * dropped **"), or the next record. The cursor keeps the accounting that the buffer tests check:
 * handled + dropped + pending = records stored since the cursor started.
 */
public final class ConsoleCursor {
  private final long startSeq;
  private long seq;
  private long printed;
  private long suppressed;
  private long dropped;
  private boolean lastPrinted;

  public ConsoleCursor(long startSeq) {
    this.startSeq = startSeq;
    this.seq = startSeq;
  }

  /** Next sequence number this reader wants. */
  public long seq() {
    return seq;
  }

  /** Records evicted before this reader got to them; moves the cursor to the oldest record. */
  public long skipDropped(PrintkRingbuffer ring) {
    if (seq >= ring.firstSeq()) {
      return 0;
    }
    long gap = ring.firstSeq() - seq;
    dropped += gap;
    seq = ring.firstSeq();
    return gap;
  }

  /** Whether a record is waiting for this reader (after any gap). */
  public boolean hasPending(PrintkRingbuffer ring) {
    return seq < ring.nextSeq();
  }

  /** The record was written out. */
  public void printed(PrintkRecord record) {
    advance(record);
    printed++;
    lastPrinted = true;
  }

  /** The record was skipped by the console log level. */
  public void suppressed(PrintkRecord record) {
    advance(record);
    suppressed++;
    lastPrinted = false;
  }

  /**
   * A KERN_CONT fragment was appended to {@code seq}, the record this reader handled last: it is
   * pending again (for its new part), and no longer counted as handled.
   */
  public void reopen(long seq) {
    if (seq != this.seq - 1 || this.seq == startSeq) {
      throw new IllegalStateException("cursor at " + this.seq + " cannot reopen record " + seq);
    }
    this.seq = seq;
    if (lastPrinted) {
      printed--;
    } else {
      suppressed--;
    }
  }

  private void advance(PrintkRecord record) {
    if (record.seq() != seq) {
      throw new IllegalStateException("cursor at " + seq + " got record " + record.seq());
    }
    seq++;
  }

  /** Rewinds to the oldest record (CON_PRINTBUFFER replay, panic CONSOLE_REPLAY_ALL). */
  public void rewind(long oldest) {
    seq = Math.min(seq, oldest);
  }

  /** Records still in the buffer that this reader has not handled. */
  public long pending(PrintkRingbuffer ring) {
    return ring.nextSeq() - Math.max(seq, ring.firstSeq());
  }

  /** Records evicted before this reader saw them, including a gap not yet reported. */
  public long dropped(PrintkRingbuffer ring) {
    return dropped + Math.max(0, ring.firstSeq() - seq);
  }

  public long printed() {
    return printed;
  }

  public long suppressed() {
    return suppressed;
  }

  public long startSeq() {
    return startSeq;
  }
}
