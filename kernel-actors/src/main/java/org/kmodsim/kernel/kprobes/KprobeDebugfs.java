package org.kmodsim.kernel.kprobes;

import java.util.List;
import java.util.Locale;

/**
 * The text of /sys/kernel/debug/kprobes/{list,blacklist,enabled} (kernel/kprobes.c report_probe,
 * kprobe_blacklist_seq_show, read_enabled_file_bool, write_enabled_file_bool). Pure.
 */
final class KprobeDebugfs {
  private KprobeDebugfs() {}

  /** One blacklisted range: [start, end) of a symbol. */
  record BlacklistRange(long start, long end, String symbol) {}

  /**
   * {@code "%px %s %s+0x%x %s "} then the flags; the address is zeroed for a reader that may not
   * see kernel addresses; an address kallsyms no longer knows prints as {@code %pS}.
   */
  static String list(List<Kprobe> probes, KprobeEra era, boolean showAddresses) {
    StringBuilder out = new StringBuilder();
    for (Kprobe probe : probes) {
      String addr = pointer(showAddresses ? probe.address : 0);
      String type = probe.spec.kretprobe() ? "r" : "k";
      if (probe.symbol != null) {
        String module = probe.module() == null ? " " : probe.module();
        out.append(
            String.format(
                Locale.ROOT,
                "%s  %s  %s+0x%x  %s ",
                addr,
                type,
                probe.symbol.name(),
                probe.symbolOffset,
                module));
      } else {
        out.append(addr)
            .append("  ")
            .append(type)
            .append("  ")
            .append("0x")
            .append(Long.toHexString(probe.address))
            .append(' ');
      }
      out.append(flags(probe)).append('\n');
    }
    return out.toString();
  }

  static String flags(Kprobe probe) {
    return (probe.gone ? "[GONE]" : "")
        + (probe.disabled && !probe.gone ? "[DISABLED]" : "")
        + (probe.optimized ? "[OPTIMIZED]" : "")
        + (probe.ftrace ? "[FTRACE]" : "");
  }

  /** {@code "0x%px-0x%px\t%ps\n"} per range (zeros for a reader without the right). */
  static String blacklist(List<BlacklistRange> ranges, boolean showAddresses) {
    StringBuilder out = new StringBuilder();
    for (BlacklistRange range : ranges) {
      out.append("0x")
          .append(pointer(showAddresses ? range.start() : 0))
          .append("-0x")
          .append(pointer(showAddresses ? range.end() : 0))
          .append('\t')
          .append(range.symbol())
          .append('\n');
    }
    return out.toString();
  }

  static String enabled(boolean allDisarmed) {
    return allDisarmed ? "0\n" : "1\n";
  }

  /**
   * The value of a write to {@code enabled}: the first character y/Y/1 arms, n/N/0 disarms,
   * anything else is -EINVAL (null here).
   */
  static Boolean parseEnabled(String data) {
    if (data.isEmpty()) {
      return null;
    }
    return switch (data.charAt(0)) {
      case 'y', 'Y', '1' -> Boolean.TRUE;
      case 'n', 'N', '0' -> Boolean.FALSE;
      default -> null;
    };
  }

  /** %px / %p of a 64-bit kernel: 16 lower-case hex digits. */
  static String pointer(long address) {
    return String.format(Locale.ROOT, "%016x", address);
  }
}
