package org.kmodsim.kernel.printk;

/**
 * The classic character ring of 2.4 to 3.4 (kernel/printk.c): {@code log_buf[LOG_BUF_LEN]}, a power
 * of two indexed by free-running positions. {@code log_start} is the next character for syslog
 * action 2 (/proc/kmsg), {@code log_end} the next to write, {@code logged_chars} the characters
 * since the last clear. emit_log_char() overwrites the oldest byte when full and drags log_start
 * along: a slow reader silently skips, possibly to the middle of a line. READ_ALL returns the last
 * min(len, logged_chars) bytes, which may also start mid-line.
 *
 * <p>The syslog side of the 2.4 and 2.6 eras reads from here, byte for byte; consoles print from
 * the record buffer (see {@link BufferLayout#CHARS}).
 */
final class LogBufChars {
  private final char[] buf;
  private final int mask;
  private long logStart;
  private long logEnd;
  private long loggedChars;
  private long skipped;

  LogBufChars(int length) {
    if (Integer.bitCount(length) != 1) {
      throw new IllegalArgumentException("LOG_BUF_LEN must be a power of two, not " + length);
    }
    this.buf = new char[length];
    this.mask = length - 1;
  }

  /** emit_log_char() for every character of {@code text}. */
  void emit(String text) {
    for (int i = 0; i < text.length(); i++) {
      buf[(int) (logEnd & mask)] = text.charAt(i);
      logEnd++;
      if (logEnd - logStart > buf.length) {
        logStart = logEnd - buf.length;
        skipped++;
      }
      if (loggedChars < buf.length) {
        loggedChars++;
      }
    }
  }

  /**
   * Takes back the newline just written, when it ends the ring and no reader has consumed it: a
   * continuation then lands on the same line, as it would have if the newline had never been
   * written (the model writes each line's newline eagerly).
   */
  boolean retractNewline() {
    if (logEnd == logStart || buf[(int) ((logEnd - 1) & mask)] != '\n') {
      return false;
    }
    logEnd--;
    loggedChars = Math.max(0, loggedChars - 1);
    return true;
  }

  /** Action 2: up to {@code len} unread characters, consumed; "" when there are none. */
  String read(int len) {
    StringBuilder out = new StringBuilder();
    while (out.length() < len && logStart < logEnd) {
      out.append(buf[(int) (logStart & mask)]);
      logStart++;
    }
    return out.toString();
  }

  /** Action 3: the last min(len, logged_chars) characters, not consumed. */
  String readAll(int len) {
    long count = Math.min(Math.min(len, buf.length), loggedChars);
    StringBuilder out = new StringBuilder();
    for (long i = logEnd - count; i < logEnd; i++) {
      out.append(buf[(int) (i & mask)]);
    }
    return out.toString();
  }

  /** Actions 4 and 5: logged_chars = 0. */
  void clear() {
    loggedChars = 0;
  }

  /** Action 9: log_end - log_start. */
  long unread() {
    return logEnd - logStart;
  }

  int length() {
    return buf.length;
  }

  /** Characters the syslog reader lost to overwriting (the model counts what 2.4 did not). */
  long skipped() {
    return skipped;
  }
}
