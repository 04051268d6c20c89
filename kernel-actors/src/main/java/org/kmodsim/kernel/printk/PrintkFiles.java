package org.kmodsim.kernel.printk;

import org.kmodsim.cpu.Capability;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;

/**
 * The files printk owns and the fixed texts it logs, as pure logic for the Printk actor:
 * /proc/sys/kernel/printk (kernel/printk/sysctl.c, mode 0644), /proc/sys/kernel/dmesg_restrict
 * (2.6.37+, writes need CAP_SYS_ADMIN, range 0..1), /proc/kmsg (fs/proc/kmsg.c, mode 0400,
 * destructive syslog action 2 reads), /dev/kmsg (3.5+, one record per line on read, one record per
 * write, "&lt;N&gt;" priority prefix, facility 0 becomes LOG_USER) and
 * /proc/sys/kernel/printk_devkmsg (4.9+: on, off or ratelimit, devkmsg_sysctl_set_loglvl),
 * /proc/sys/kernel/printk_ratelimit and printk_ratelimit_burst (2.6+, mode 0644, {@link
 * PrintkGates}).
 *
 * <p>Owns: the devkmsg_log setting (the Printk actor's, used on its thread only). Deliberate
 * difference: with {@code ratelimit} each open of /dev/kmsg may write 10 records per 5 s
 * (devkmsg_open's ratelimit_default_init); every write of the model opens the file anew, so the
 * limit never engages.
 */
final class PrintkFiles {
  static final String PRINTK = "/proc/sys/kernel/printk";
  static final String DMESG_RESTRICT = "/proc/sys/kernel/dmesg_restrict";
  static final String PROC_KMSG = "/proc/kmsg";
  static final String DEV_KMSG = "/dev/kmsg";
  static final String PRINTK_DEVKMSG = "/proc/sys/kernel/printk_devkmsg";
  static final String PRINTK_RATELIMIT = "/proc/sys/kernel/printk_ratelimit";
  static final String PRINTK_RATELIMIT_BURST = "/proc/sys/kernel/printk_ratelimit_burst";

  /** coreutils cat reads with a 128 KiB buffer (io_blksize). */
  static final int CAT_BUFFER = 128 * 1024;

  /** A /dev/kmsg write turned into a record; {@code bytes} is write(2)'s return value. */
  record KmsgWrite(int facility, int level, String text, int bytes) {}

  /**
   * What to do with a file request: answer {@code reply}; or park it until the log has unread data
   * ({@code blocks}); or store a record for a /dev/kmsg write. {@code dmesgRestrict} is the new
   * sysctl value after a write, else null.
   */
  record Answer(FileReply reply, boolean blocks, Boolean dmesgRestrict, KmsgWrite kmsgWrite) {
    static Answer of(FileReply reply) {
      return new Answer(reply, false, null, null);
    }

    static Answer failed(Errno errno, boolean atOpen) {
      return of(new FileReply.Failed(errno, atOpen));
    }
  }

  private final Era era;
  private final ConsoleLoglevel levels;
  private final PrintkGates gates;

  /** devkmsg_log_str: "ratelimit" by default (DEVKMSG_LOG_MASK_DEFAULT). */
  private String devkmsg = "ratelimit";

  PrintkFiles(Era era, ConsoleLoglevel levels, PrintkGates gates) {
    this.era = era;
    this.levels = levels;
    this.gates = gates;
  }

  Answer handle(FileRequest request, Syslog syslog, PrintkRingbuffer ring, boolean dmesgRestrict) {
    if (request instanceof FileRequest.List) {
      return Answer.failed(Errno.ENOTDIR, true);
    }
    boolean write = request instanceof FileRequest.Write;
    String data = write ? ((FileRequest.Write) request).data() : null;
    switch (request.path()) {
      case PRINTK -> {
        if (!write) {
          return Answer.of(new FileReply.Content(levels.read()));
        }
        if (!request.cred().isRoot()) {
          return Answer.failed(Errno.EACCES, true);
        }
        Errno bad = levels.write(data);
        return bad != null
            ? Answer.failed(bad, false)
            : Answer.of(new FileReply.Written(data.length()));
      }
      case DMESG_RESTRICT -> {
        return dmesgRestrict(request, data, dmesgRestrict);
      }
      case PROC_KMSG -> {
        return procKmsg(request, syslog, write);
      }
      case DEV_KMSG -> {
        return devKmsg(request, data, ring, dmesgRestrict);
      }
      case PRINTK_DEVKMSG -> {
        return printkDevkmsg(request, data);
      }
      case PRINTK_RATELIMIT, PRINTK_RATELIMIT_BURST -> {
        return printkRatelimit(request, data, request.path().equals(PRINTK_RATELIMIT));
      }
      default -> {
        return Answer.failed(Errno.ENOENT, true);
      }
    }
  }

  /**
   * devkmsg_sysctl_set_loglvl (kernel/printk/printk.c): proc_dostring, then __control_devkmsg's
   * prefix match of on, off or ratelimit, and "err + 1 != *lenp" refuses anything but the keyword
   * and one more byte (echo's newline) with EINVAL, keeping the old value. Mode 0644.
   */
  private Answer printkDevkmsg(FileRequest request, String data) {
    if (data == null) {
      return Answer.of(new FileReply.Content(devkmsg + "\n"));
    }
    if (!request.cred().isRoot()) {
      return Answer.failed(Errno.EACCES, true);
    }
    int end = 0;
    while (end < data.length() && data.charAt(end) != '\n' && data.charAt(end) != '\0') {
      end++;
    }
    String value = data.substring(0, end);
    for (String keyword : new String[] {"on", "off", "ratelimit"}) {
      if (value.startsWith(keyword)) {
        if (keyword.length() + 1 != data.length()) {
          return Answer.failed(Errno.EINVAL, false);
        }
        devkmsg = keyword;
        return Answer.of(new FileReply.Written(data.length()));
      }
    }
    return Answer.failed(Errno.EINVAL, false);
  }

  /** printk_ratelimit (proc_dointvec_jiffies) and printk_ratelimit_burst (proc_dointvec), 0644. */
  private Answer printkRatelimit(FileRequest request, String data, boolean interval) {
    if (data == null) {
      return Answer.of(new FileReply.Content(gates.read(interval)));
    }
    if (!request.cred().isRoot()) {
      return Answer.failed(Errno.EACCES, true);
    }
    Errno bad = gates.write(interval, data);
    return bad != null
        ? Answer.failed(bad, false)
        : Answer.of(new FileReply.Written(data.length()));
  }

  private Answer dmesgRestrict(FileRequest request, String data, boolean current) {
    if (data == null) {
      return Answer.of(new FileReply.Content((current ? 1 : 0) + "\n"));
    }
    if (!request.cred().isRoot()) {
      return Answer.failed(Errno.EACCES, true);
    }
    if (!request.cred().has(Capability.CAP_SYS_ADMIN)) {
      return Answer.failed(Errno.EPERM, false); // proc_dointvec_minmax_sysadmin
    }
    String value = data.trim();
    if (!value.equals("0") && !value.equals("1")) {
      return Answer.failed(Errno.EINVAL, false);
    }
    return new Answer(new FileReply.Written(data.length()), false, value.equals("1"), null);
  }

  private Answer procKmsg(FileRequest request, Syslog syslog, boolean write) {
    if (!request.cred().isRoot()) {
      return Answer.failed(Errno.EACCES, true); // mode 0400, owned by root
    }
    if (Syslog.permission(Syslog.OPEN, request.cred(), era, false, true) != null) {
      return Answer.failed(Errno.EPERM, true);
    }
    if (write) {
      return Answer.failed(Errno.EINVAL, false); // no write method
    }
    Syslog.Result result = syslog.call(Syslog.READ, 1 << 20, request.cred(), false, true);
    if (result.wouldBlock()) {
      return new Answer(null, true, null, null);
    }
    return result.errno() != null
        ? Answer.failed(result.errno(), false)
        : Answer.of(new FileReply.Content(result.data()));
  }

  private Answer devKmsg(
      FileRequest request, String data, PrintkRingbuffer ring, boolean dmesgRestrict) {
    if (data == null) {
      if (Syslog.permission(Syslog.READ_ALL, request.cred(), era, dmesgRestrict, false) != null) {
        return Answer.failed(Errno.EPERM, true);
      }
      return Answer.of(new FileReply.Content(catDevKmsg(ring)));
    }
    if (!request.cred().isRoot()) {
      return Answer.failed(Errno.EACCES, true); // crw-r--r-- root
    }
    if (data.length() > ring.layout().lineMax()) {
      return Answer.failed(Errno.EINVAL, false);
    }
    if (devkmsg.equals("off")) {
      return Answer.of(
          new FileReply.Written(data.length())); // "Ignore when user logging is disabled"
    }
    return new Answer(null, false, null, kmsgWrite(data));
  }

  /**
   * The batch shell's {@code cat /dev/kmsg}: open (the oldest record), then read(2) until the end,
   * where it stops as if the file were O_NONBLOCK (EAGAIN). A real cat blocks there until
   * interrupted; a batch command has to end, and the shell has no ^C. The whole cat is one message
   * to Printk, so no record can be overwritten between its reads: its EPIPE path is that of {@link
   * DevKmsgReader}, which the unit tests exercise.
   */
  static String catDevKmsg(PrintkRingbuffer ring) {
    DevKmsgReader reader = new DevKmsgReader(ring);
    StringBuilder out = new StringBuilder();
    // Ends at EAGAIN; EPIPE cannot happen within one message, EINVAL not with cat's buffer.
    for (DevKmsgReader.Read read = reader.read(ring, CAT_BUFFER, true);
        read.text() != null;
        read = reader.read(ring, CAT_BUFFER, true)) {
      out.append(read.text());
    }
    return out.toString();
  }

  /** devkmsg_write(): an optional "&lt;N&gt;" prefix, facility 0 becomes 1 (LOG_USER). */
  KmsgWrite kmsgWrite(String data) {
    String line = data.endsWith("\n") ? data.substring(0, data.length() - 1) : data;
    int facility = 1;
    int level = levels.defaultMessageLoglevel() & 7;
    if (line.startsWith("<")) {
      int end = line.indexOf('>');
      if (end > 1) {
        try {
          int priority = Integer.parseInt(line.substring(1, end));
          level = priority & 7;
          if (priority >> 3 != 0) {
            facility = priority >> 3;
          }
          line = line.substring(end + 1);
        } catch (NumberFormatException e) {
          // not a priority: the text is kept as written
        }
      }
    }
    return new KmsgWrite(facility, level, line, data.length());
  }
}
