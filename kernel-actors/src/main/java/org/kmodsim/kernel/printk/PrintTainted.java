package org.kmodsim.kernel.printk;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;

/**
 * print_tainted() (kernel/panic.c), pure: {@code Not tainted}, or {@code Tainted: } and one
 * character for each of the era's flags, the letter when its bit of tainted_mask is set, else
 * {@code G} for bit 0 and a space for the others (trailing spaces included, as the kernel prints
 * them). The taint bits themselves are the module loader's ({@code kernel.module.Taint}).
 */
public final class PrintTainted {
  private PrintTainted() {}

  /** The letters of bits 0.. (include/linux/panic.h TAINT_*, taint_flags[]). */
  private static final String LETTERS = "PFSRMBUDAWCIOELKXTNJ";

  /**
   * How many flags the era's print_tainted shows: 2.4 {@code "Tainted: %c%c%c"} (P/G, F, S),
   * 2.6.32's tnts[] up to C (11), 4.19 and 6.12's TAINT_FLAGS_COUNT (18 up to T, 19 up to N; J came
   * in 6.15).
   */
  public static int flagsShown(Era era) {
    return switch (era) {
      case V2_4 -> 3;
      case V2_6 -> 11;
      case V4_X -> 18;
      case V6_X -> 19;
    };
  }

  /** print_tainted() of {@code mask}. */
  public static String line(long mask, Era era) {
    if (mask == 0) {
      return "Not tainted";
    }
    StringBuilder line = new StringBuilder("Tainted: ");
    for (int bit = 0; bit < flagsShown(era); bit++) {
      boolean set = (mask & (1L << bit)) != 0;
      line.append(set ? LETTERS.charAt(bit) : bit == 0 ? 'G' : ' ');
    }
    return line.toString();
  }

  /** The read of /proc/sys/kernel/tainted (tainted_mask, kept by the module loader). */
  public static Vfs.Request read(Cred cred, ActorRef<FileReply> replyTo) {
    return new Vfs.Request(new FileRequest.Read("/proc/sys/kernel/tainted", cred, replyTo));
  }

  /** tainted_mask from that read; 0 when there is no such file (no module loader) or no read. */
  public static long mask(FileReply reply) {
    return reply instanceof FileReply.Content read ? Long.parseLong(read.text().strip()) : 0;
  }
}
