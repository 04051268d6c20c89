package org.kmodsim.userspace.procps;

import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;

/**
 * One {@code NAME} or {@code NAME=VALUE} of a sysctl command line: the /proc/sys file it names and
 * procps' lines for the reply to its read or write. Pure; {@link Sysctl} does the calls.
 *
 * @param value the value to write, null for a read
 */
record SysctlItem(String name, String value) {
  static SysctlItem of(String item) {
    int eq = item.indexOf('=');
    return eq < 0
        ? new SysctlItem(item, null)
        : new SysctlItem(item.substring(0, eq), item.substring(eq + 1));
  }

  String path() {
    return Sysctl.pathOf(name);
  }

  /** The line on standard output for a read's content or a write's success. */
  String line(FileReply reply) {
    if (reply instanceof FileReply.Content content) {
      return name + " = " + content.text().strip().replaceAll("\\s+", "\t") + "\n";
    }
    return reply instanceof FileReply.Written ? name + " = " + value + "\n" : "";
  }

  /** procps' message for a failed read or write. */
  String error(FileReply.Failed failed) {
    if (failed.errno() == Errno.ENOENT) {
      return "sysctl: cannot stat " + path() + ": No such file or directory\n";
    }
    String what = value != null ? "setting" : "reading";
    return "sysctl: " + what + " key \"" + name + "\": " + failed.errno().message() + "\n";
  }
}
