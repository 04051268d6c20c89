package org.kmodsim.kernel.printk;

import org.kmodsim.cpu.Capability;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/**
 * do_syslog() (kernel/printk/printk.c; kernel/printk.c before 3.x) as pure logic over the log
 * buffer: the eleven actions, their return values and errno values, and the capability rules of
 * each era (check_syslog_permissions, the cap_syslog LSM hook of 2.6, the CAP_SYS_ADMIN test of
 * 2.4). Owns the syslog reader position (syslog_seq) and the partly read record (syslog_partial). A
 * blocking read with nothing to read answers {@link Result#wouldBlock}; the actor parks the caller
 * until a record arrives.
 */
public final class Syslog {
  public static final int CLOSE = 0;
  public static final int OPEN = 1;
  public static final int READ = 2;
  public static final int READ_ALL = 3;
  public static final int READ_CLEAR = 4;
  public static final int CLEAR = 5;
  public static final int CONSOLE_OFF = 6;
  public static final int CONSOLE_ON = 7;
  public static final int CONSOLE_LEVEL = 8;
  public static final int SIZE_UNREAD = 9;
  public static final int SIZE_BUFFER = 10;

  /**
   * What the call returned: {@code value} (bytes, a size, or 0) and the bytes copied to the
   * caller's buffer, or {@code errno}; {@code warning} is a line the kernel logs on the way.
   */
  public record Result(long value, String data, Errno errno, boolean wouldBlock, String warning) {
    static Result ok(long value) {
      return new Result(value, "", null, false, null);
    }

    static Result read(String data) {
      return new Result(data.length(), data, null, false, null);
    }

    static Result failed(Errno errno) {
      return new Result(errno.negative(), "", errno, false, null);
    }

    Result withWarning(String line) {
      return new Result(value, data, errno, wouldBlock, line);
    }
  }

  private final Era era;
  private final PrintkRingbuffer ring;
  private final ConsoleLoglevel levels;
  private final boolean printkTime;
  private final ConsoleCursor reader;

  /** The 2.4/2.6 character ring that syslog reads from; null from 3.5 on. */
  private final LogBufChars chars;

  private String partial = "";
  private boolean warnedSysAdmin;

  public Syslog(Era era, PrintkRingbuffer ring, ConsoleLoglevel levels, boolean printkTime) {
    this.era = era;
    this.ring = ring;
    this.levels = levels;
    this.printkTime = printkTime;
    this.reader = new ConsoleCursor(0);
    this.chars =
        ring.layout() == BufferLayout.CHARS
            ? new LogBufChars(Integer.highestOneBit(ring.capacityBytes()))
            : null;
  }

  /** A record was stored: before 3.5 its text also goes into the character ring. */
  public void stored(PrintkRecord record) {
    if (chars != null) {
      chars.emit(RecordText.syslog(record, printkTime));
    }
  }

  /**
   * A KERN_CONT fragment went into {@code record}: before 3.5 the character ring gets it on the
   * line it continues. The newline already written after that line is taken back while no reader
   * has consumed it; otherwise the fragment starts a line of its own with the record's level.
   */
  public void appended(PrintkRecord record, String fragment) {
    if (chars == null) {
      return;
    }
    if (chars.retractNewline()) {
      chars.emit(fragment + "\n");
    } else {
      chars.emit("<" + record.priority() + ">" + fragment + "\n");
    }
  }

  /**
   * The permission check alone, as the caller's era does it; null when allowed. {@code fromProc} is
   * a read or poll on an open /proc/kmsg, which was checked at open.
   */
  public static Errno permission(
      int type, Cred cred, Era era, boolean dmesgRestrict, boolean fromProc) {
    if (era == Era.V2_4) {
      // sys_syslog tests CAP_SYS_ADMIN; fs/proc/kmsg.c calls do_syslog itself, unchecked (2.4.27
      // and 2.4.32), so /proc/kmsg is guarded by its mode (0400) alone
      if (fromProc) {
        return null;
      }
      return type != READ_ALL && !cred.has(Capability.CAP_SYS_ADMIN) ? Errno.EPERM : null;
    }
    if (era == Era.V2_6) {
      boolean open = type == READ_ALL || type == SIZE_BUFFER;
      return !open && !cred.has(Capability.CAP_SYS_ADMIN) ? Errno.EPERM : null;
    }
    if (fromProc && type != OPEN) {
      return null;
    }
    boolean restricted = dmesgRestrict || (type != READ_ALL && type != SIZE_BUFFER);
    if (restricted && !cred.has(Capability.CAP_SYSLOG) && !cred.has(Capability.CAP_SYS_ADMIN)) {
      return Errno.EPERM;
    }
    return null;
  }

  /** syslog(type, buf, len) by a process with {@code cred}. */
  public Result call(int type, int len, Cred cred, boolean dmesgRestrict, boolean fromProc) {
    Errno denied = permission(type, cred, era, dmesgRestrict, fromProc);
    if (denied != null) {
      return Result.failed(denied);
    }
    Result result = dispatch(type, len, fromProc);
    if (era.atLeast(Era.V4_X)
        && !fromProc
        && !cred.has(Capability.CAP_SYSLOG)
        && cred.has(Capability.CAP_SYS_ADMIN)
        && !warnedSysAdmin
        && (dmesgRestrict || (type != READ_ALL && type != SIZE_BUFFER))) {
      warnedSysAdmin = true;
      result =
          result.withWarning(
              cred.user()
                  + " ("
                  + cred.uid()
                  + "): Attempt to access syslog"
                  + " with CAP_SYS_ADMIN but no CAP_SYSLOG (deprecated).");
    }
    return result;
  }

  private Result dispatch(int type, int len, boolean fromProc) {
    switch (type) {
      case CLOSE, OPEN -> {
        return Result.ok(0);
      }
      case READ -> {
        return chars != null ? readChars(len) : read(len);
      }
      case READ_ALL, READ_CLEAR -> {
        return chars != null
            ? readAllChars(len, type == READ_CLEAR)
            : readAll(len, type == READ_CLEAR);
      }
      case CLEAR -> {
        if (chars != null) {
          chars.clear();
        }
        ring.clear();
        return Result.ok(0);
      }
      case CONSOLE_OFF -> {
        levels.consoleOff();
        return Result.ok(0);
      }
      case CONSOLE_ON -> {
        levels.consoleOn();
        return Result.ok(0);
      }
      case CONSOLE_LEVEL -> {
        Errno bad = levels.consoleLevel(len);
        return bad != null ? Result.failed(bad) : Result.ok(0);
      }
      case SIZE_UNREAD -> {
        return Result.ok(chars != null ? chars.unread() : sizeUnread(fromProc));
      }
      case SIZE_BUFFER -> {
        if (era == Era.V2_4) {
          return Result.failed(Errno.EINVAL); // SYSLOG_ACTION_SIZE_BUFFER came with 2.6.6
        }
        return Result.ok(ring.capacityBytes());
      }
      default -> {
        return Result.failed(Errno.EINVAL);
      }
    }
  }

  /** Action 2: consumes up to len bytes of unread records; a cut record goes on next time. */
  private Result read(int len) {
    if (len < 0) {
      return Result.failed(Errno.EINVAL);
    }
    if (len == 0) {
      return Result.ok(0);
    }
    reader.skipDropped(ring);
    if (partial.isEmpty() && !reader.hasPending(ring)) {
      return new Result(0, "", null, true, null);
    }
    StringBuilder out = new StringBuilder();
    while (out.length() < len) {
      if (partial.isEmpty()) {
        reader.skipDropped(ring);
        if (!reader.hasPending(ring)) {
          break;
        }
        PrintkRecord record = ring.get(reader.seq());
        reader.printed(record);
        partial = RecordText.syslog(record, printkTime);
      }
      int take = Math.min(len - out.length(), partial.length());
      out.append(partial, 0, take);
      partial = partial.substring(take);
    }
    return Result.read(out.toString());
  }

  /** Action 2 before 3.5: raw bytes from log_start. */
  private Result readChars(int len) {
    if (len < 0) {
      return Result.failed(Errno.EINVAL);
    }
    if (len == 0) {
      return Result.ok(0);
    }
    if (chars.unread() == 0) {
      return new Result(0, "", null, true, null);
    }
    return Result.read(chars.read(len));
  }

  /** Actions 3 and 4 before 3.5: the last bytes, possibly from the middle of a line. */
  private Result readAllChars(int len, boolean clear) {
    if (len < 0) {
      return Result.failed(Errno.EINVAL);
    }
    String data = chars.readAll(len);
    if (clear) {
      chars.clear();
    }
    return Result.read(data);
  }

  /** Actions 3 and 4: the newest whole records since the clear marker that fit in len. */
  private Result readAll(int len, boolean clear) {
    if (len < 0) {
      return Result.failed(Errno.EINVAL);
    }
    java.util.List<PrintkRecord> records = ring.from(ring.clearSeq());
    int start = records.size();
    int total = 0;
    while (start > 0) {
      int size = RecordText.syslog(records.get(start - 1), printkTime).length();
      if (total + size > len) {
        break;
      }
      total += size;
      start--;
    }
    StringBuilder out = new StringBuilder();
    for (PrintkRecord record : records.subList(start, records.size())) {
      out.append(RecordText.syslog(record, printkTime));
    }
    if (clear) {
      ring.clear();
    }
    return Result.read(out.toString());
  }

  /** Action 9: unread bytes, or unread records when asked through /proc/kmsg (6.x). */
  private long sizeUnread(boolean fromProc) {
    long firstUnread = Math.max(reader.seq(), ring.firstSeq());
    if (fromProc && era.atLeast(Era.V4_X)) {
      return ring.nextSeq() - firstUnread + (partial.isEmpty() ? 0 : 1);
    }
    long bytes = partial.length();
    for (PrintkRecord record : ring.from(firstUnread)) {
      bytes += RecordText.syslog(record, printkTime).length();
    }
    return bytes;
  }

  /** Whether a blocked action-2 reader can be woken. */
  public boolean readable() {
    if (chars != null) {
      return chars.unread() > 0;
    }
    return !partial.isEmpty() || Math.max(reader.seq(), ring.firstSeq()) < ring.nextSeq();
  }

  public ConsoleCursor reader() {
    return reader;
  }
}
