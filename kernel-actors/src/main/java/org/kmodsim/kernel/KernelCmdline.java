package org.kmodsim.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel command line the boot loader passed, as the kernel keeps it (saved_command_line,
 * init/main.c setup_command_line; at most COMMAND_LINE_SIZE - 1 characters: 255 on 2.4 i386, 2047
 * on x86 since 2.6.2x) and /proc/cmdline shows it: the line and a newline (fs/proc/cmdline.c
 * cmdline_proc_show; 2.4 fs/proc/proc_misc.c cmdline_read_proc, {@code "%s\n"}). The line is the
 * boot loader's part of the era (2.4 LILO's {@code auto BOOT_IMAGE=linux ro root=301}, 2.6 GRUB
 * legacy's {@code root=/dev/sda1 ro}, GRUB 2's {@code BOOT_IMAGE=/boot/vmlinuz-RELEASE
 * root=/dev/sda1 ro} later), the boot parameters the machine was configured with, then the user's
 * own text. Pure.
 */
public record KernelCmdline(String line) {
  public KernelCmdline {
    if (line.indexOf('\n') >= 0 || line.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a kernel command line is one line without NUL bytes");
    }
  }

  /** COMMAND_LINE_SIZE of the era's architecture (i386 in 2.4, x86_64 after). */
  public static int commandLineSize(Era era) {
    return era == Era.V2_4 ? 256 : 2048;
  }

  /**
   * The machine's command line: the boot loader's words for {@code release}, {@code parameters}
   * (boot parameters such as {@code console=ttyS0,9600n8}), then {@code extra} (blank: none); cut
   * to COMMAND_LINE_SIZE - 1 as strlcpy into boot_command_line does.
   */
  public static KernelCmdline of(Era era, String release, List<String> parameters, String extra) {
    List<String> words = new ArrayList<>(bootLoader(era, release));
    words.addAll(parameters);
    if (!extra.isBlank()) {
      words.add(extra.strip());
    }
    String line = String.join(" ", words);
    int max = commandLineSize(era) - 1;
    return new KernelCmdline(line.length() > max ? line.substring(0, max) : line);
  }

  private static List<String> bootLoader(Era era, String release) {
    return switch (era) {
      case V2_4 -> List.of("auto", "BOOT_IMAGE=linux", "ro", "root=301");
      case V2_6 -> List.of("root=/dev/sda1", "ro");
      case V4_X, V6_X -> List.of("BOOT_IMAGE=/boot/vmlinuz-" + release, "root=/dev/sda1", "ro");
    };
  }

  /** /proc/cmdline's text. */
  public String procFile() {
    return line + "\n";
  }
}
