package org.kmodsim.kernel.printk;

/**
 * How a record is rendered for each reader (kernel/printk/printk.c record_print_text,
 * info_print_prefix, msg_print_ext_header/body):
 *
 * <ul>
 *   <li>consoles: the optional {@code [%5lu.%06lu] } time, the text, a newline;
 *   <li>syslog(2) reads and /proc/kmsg: {@code <N>} first, then as for consoles;
 *   <li>/dev/kmsg: {@code prio,seq,usec,flag;text\n} with non-printable bytes and backslash escaped
 *       as {@code \xNN}.
 * </ul>
 *
 * A multi-line record repeats the prefix on every line.
 */
public final class RecordText {
  private RecordText() {}

  public static String console(PrintkRecord record, boolean printkTime) {
    return prefixed(record, printkTime ? PrintkTime.prefix(record.tsNanos()) : "");
  }

  public static String syslog(PrintkRecord record, boolean printkTime) {
    return prefixed(
        record,
        "<" + record.priority() + ">" + (printkTime ? PrintkTime.prefix(record.tsNanos()) : ""));
  }

  private static String prefixed(PrintkRecord record, String prefix) {
    StringBuilder out = new StringBuilder();
    for (String line : record.text().split("\n", -1)) {
      out.append(prefix).append(line).append('\n');
    }
    return out.toString();
  }

  /** One /dev/kmsg read: {@code 6,339,5140900,-;NET: Registered protocol family 10}. */
  public static String kmsg(PrintkRecord record) {
    StringBuilder out = new StringBuilder();
    out.append(record.priority())
        .append(',')
        .append(record.seq())
        .append(',')
        .append(record.tsNanos() / 1000)
        .append(',')
        .append(record.cont() ? 'c' : '-')
        .append(';');
    for (int i = 0; i < record.text().length(); i++) {
      char c = record.text().charAt(i);
      if (c < ' ' || c >= 127 || c == '\\') {
        out.append(String.format("\\x%02x", (int) c & 0xff));
      } else {
        out.append(c);
      }
    }
    return out.append('\n').toString();
  }

  /** The console's dropped-records line of the era, or "" when the era prints none (≤3.4). */
  public static String dropped(long count, BufferLayout layout) {
    if (count == 0 || layout == BufferLayout.CHARS) {
      return "";
    }
    return "** " + count + " printk messages dropped **\n";
  }
}
