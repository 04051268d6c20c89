package org.kmodsim.userspace.utillinux;

import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.printk.PrintkEra;
import org.kmodsim.kernel.printk.PrintkRecord;
import org.kmodsim.kernel.printk.Syslog;

/**
 * One run of dmesg, pure: which call each of the {@link DmesgOptions}' actions makes (a /dev/kmsg
 * read or a syslog(2) call), and what its answer prints. {@link Dmesg} makes the calls. The state
 * of a run is util-linux-ng 2.17.2's buffer size, klogctl(10)'s answer, which sizes its read.
 */
final class DmesgRead {
  /** What an answer prints: {@code out} on stdout, then {@code err} (not null: dmesg exits 1). */
  record Outcome(String out, String err) {
    static final Outcome NOTHING = new Outcome("", null);
  }

  private final DmesgOptions options;
  private final Era era;
  private final DmesgOptions.Legacy legacy;
  private long size;

  DmesgRead(DmesgOptions options, Era era) {
    this.options = options;
    this.era = era;
    this.legacy = options.legacy();
  }

  /**
   * util-linux 2.38.1 reads the records from /dev/kmsg when the kernel has it (3.5+), unless -S.
   */
  boolean fromDevKmsg(int action) {
    return action == DmesgOptions.READ
        && legacy == null
        && PrintkEra.of(era).devKmsg()
        && !options.forceSyslog();
  }

  /** The records read from /dev/kmsg, filtered and formatted. */
  Outcome records(List<PrintkRecord> records, Errno errno) {
    if (errno != null) {
      return new Outcome("", DmesgOptions.failed(DmesgOptions.READ, errno));
    }
    StringBuilder out = new StringBuilder();
    records.stream()
        .filter(record -> options.shows(record.level(), record.facility()))
        .forEach(record -> out.append(options.line(record)));
    return new Outcome(out.toString(), null);
  }

  /** Why dmesg refuses to make the call of {@code action}, or null when it makes it. */
  Outcome refused(int action) {
    if (action == DmesgOptions.READ && legacy == null && options.rawFilteredSyslog()) {
      return new Outcome(
          "",
          "dmesg: --raw can be used together with --level or --facility only when reading"
              + " messages from /dev/kmsg\n");
    }
    return null;
  }

  /** The syslog(2) call of {@code action}. */
  DmesgOptions.SyslogCall call(int action) {
    if (legacy == null || action != DmesgOptions.READ) {
      return options.syslogCall(action);
    }
    if (!legacy.ng()) {
      return new DmesgOptions.SyslogCall(legacy.readType(), options.bufferSize());
    }
    long bufsize = options.bufferSize() > 0 ? options.bufferSize() : size;
    // 2.17.2: klogctl(cmd, buf, bufsize + 8); with no size at all its first read is of 16392
    int len = bufsize > 0 ? (int) Math.min(Integer.MAX_VALUE, bufsize + 8) : 16392;
    return new DmesgOptions.SyslogCall(legacy.readType(), len);
  }

  /** What the answer to {@code action}'s call prints. */
  Outcome replied(int action, Syslog.Result result) {
    if (legacy == null) {
      if (result.errno() != null) {
        return new Outcome("", DmesgOptions.failed(action, result.errno()));
      }
      return action == DmesgOptions.READ
          ? new Outcome(String.join("", options.syslogLines(result.data())), null)
          : Outcome.NOTHING;
    } else if (action == Syslog.SIZE_BUFFER) {
      size = result.errno() == null && result.value() > 0 ? result.value() : 0;
      return Outcome.NOTHING;
    } else if (result.errno() != null) {
      return new Outcome("", "klogctl: " + result.errno().message() + "\n"); // perror("klogctl")
    }
    return action == DmesgOptions.READ
        ? new Outcome(legacyText(result.data(), options.raw()), null)
        : Outcome.NOTHING;
  }

  /**
   * The old main()'s output loop: a {@code <digits>} (or {@code <} alone) at the start of a line is
   * skipped unless raw, every other byte printed, and a newline added if the last one was not.
   */
  static String legacyText(String buf, boolean raw) {
    StringBuilder out = new StringBuilder();
    char last = '\n';
    int n = buf.length();
    for (int i = 0; i < n; i++) {
      if (!raw && (i == 0 || buf.charAt(i - 1) == '\n') && buf.charAt(i) == '<') {
        i++;
        while (i < n && buf.charAt(i) >= '0' && buf.charAt(i) <= '9') {
          i++;
        }
        if (i < n && buf.charAt(i) == '>') {
          i++;
        }
        if (i == n) {
          break;
        }
      }
      last = buf.charAt(i);
      out.append(last);
    }
    if (last != '\n') {
      out.append('\n');
    }
    return out.toString();
  }
}
