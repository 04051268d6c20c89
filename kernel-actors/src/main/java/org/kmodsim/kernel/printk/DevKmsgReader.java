package org.kmodsim.kernel.printk;

import org.kmodsim.kernel.Errno;

/**
 * One open /dev/kmsg file (kernel/printk/printk.c devkmsg_open, devkmsg_read, devkmsg_llseek;
 * struct devkmsg_user): its own position in the log, so that any number of readers read
 * independently and change nothing for the others.
 *
 * <p>Owns: 1. the sequence number of the next record this file returns (user->seq), set by open to
 * the oldest record still stored.
 *
 * <p>Each read returns exactly one record in the {@link RecordText#kmsg} form. When the record the
 * reader wants has been overwritten, the read fails with EPIPE and the position jumps to the oldest
 * record, so the next read goes on from there. At the end of the log the read fails with EAGAIN
 * under O_NONBLOCK, else it would block. A buffer smaller than the record gives EINVAL and the
 * position stays. Pure: the Printk actor (or a test) holds the ring.
 */
public final class DevKmsgReader {
  /** lseek(2) whence values devkmsg_llseek accepts (SEEK_CUR is EINVAL). */
  public enum Whence {
    SET,
    CUR,
    END,
    DATA
  }

  /** One read(2): the record's text, or an errno, or "would block" (blocking file at the end). */
  public record Read(String text, Errno errno, boolean wouldBlock) {
    static Read of(String text) {
      return new Read(text, null, false);
    }

    static Read failed(Errno errno) {
      return new Read(null, errno, false);
    }
  }

  private long seq;

  /** devkmsg_open(): the position is the oldest record still in the buffer. */
  public DevKmsgReader(PrintkRingbuffer ring) {
    this.seq = ring.firstSeq();
  }

  /** devkmsg_read() with a buffer of {@code len} bytes. */
  public Read read(PrintkRingbuffer ring, int len, boolean nonblock) {
    if (seq >= ring.nextSeq()) {
      return nonblock ? Read.failed(Errno.EAGAIN) : new Read(null, null, true);
    }
    if (seq < ring.firstSeq()) {
      seq = ring.firstSeq(); // our last seen message is gone: report it and reset
      return Read.failed(Errno.EPIPE);
    }
    String text = RecordText.kmsg(ring.get(seq));
    if (text.length() > len) {
      return Read.failed(Errno.EINVAL);
    }
    seq++;
    return Read.of(text);
  }

  /** devkmsg_llseek(): only offset 0; null when done, else the errno. */
  public Errno seek(PrintkRingbuffer ring, long offset, Whence whence) {
    if (offset != 0) {
      return Errno.ESPIPE;
    }
    switch (whence) {
      case SET -> {
        seq = ring.firstSeq();
        return null;
      }
      case DATA -> {
        seq = ring.clearSeq(); // the first record after the last syslog CLEAR, as dmesg uses
        return null;
      }
      case END -> {
        seq = ring.nextSeq();
        return null;
      }
      default -> {
        return Errno.EINVAL;
      }
    }
  }

  /** The sequence number of the next record this file returns. */
  public long seq() {
    return seq;
  }
}
