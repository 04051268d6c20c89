package org.kmodsim.kernel.module;

import java.util.EnumSet;
import java.util.Set;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.printk.PrintTainted;

/**
 * Kernel taint flags (kernel/panic.c, include/linux/panic.h): the bits, their letters, the
 * per-module string ({@code OE}), the {@code Tainted:} line of oopses and the decimal mask of
 * {@code /proc/sys/kernel/tainted}. Pure; the loader owns the kernel's mask.
 */
public enum Taint {
  PROPRIETARY_MODULE(0, 'P', true),
  FORCED_MODULE(1, 'F', true),
  CPU_OUT_OF_SPEC(2, 'S', false),
  FORCED_RMMOD(3, 'R', false),
  MACHINE_CHECK(4, 'M', false),
  BAD_PAGE(5, 'B', false),
  USER(6, 'U', false),
  DIE(7, 'D', false),
  OVERRIDDEN_ACPI_TABLE(8, 'A', false),
  WARN(9, 'W', false),
  CRAP(10, 'C', true),
  FIRMWARE_WORKAROUND(11, 'I', false),
  OOT_MODULE(12, 'O', true),
  UNSIGNED_MODULE(13, 'E', true),
  SOFTLOCKUP(14, 'L', false),
  LIVEPATCH(15, 'K', true),
  AUX(16, 'X', true),
  RANDSTRUCT(17, 'T', true),
  TEST(18, 'N', true),
  FWCTL(19, 'J', true);

  private final int bit;
  private final char letter;
  private final boolean perModule;

  Taint(int bit, char letter, boolean perModule) {
    this.bit = bit;
    this.letter = letter;
    this.perModule = perModule;
  }

  public int bit() {
    return bit;
  }

  public char letter() {
    return letter;
  }

  public boolean perModule() {
    return perModule;
  }

  public long mask() {
    return 1L << bit;
  }

  /** The decimal mask of /proc/sys/kernel/tainted. */
  public static long maskOf(Set<Taint> taints) {
    long mask = 0;
    for (Taint taint : taints) {
      mask |= taint.mask();
    }
    return mask;
  }

  /** Letters of the set per-module flags in bit order, e.g. {@code OE}; empty when none. */
  public static String moduleString(Set<Taint> taints) {
    StringBuilder letters = new StringBuilder();
    for (Taint taint : values()) {
      if (taint.perModule && taints.contains(taint)) {
        letters.append(taint.letter);
      }
    }
    return letters.toString();
  }

  /** How many flags the era's print_tainted shows ({@link PrintTainted#flagsShown}). */
  public static int flagsShown(Era era) {
    return PrintTainted.flagsShown(era);
  }

  /**
   * The oops header's taint field, print_tainted ({@link PrintTainted#line}): {@code Not tainted},
   * or {@code Tainted: } and the era's flags.
   */
  public static String taintedLine(Set<Taint> taints, Era era) {
    return PrintTainted.line(maskOf(taints), era);
  }

  /**
   * Whether add_taint at this flag's call sites passes LOCKDEP_NOW_UNRELIABLE, which turns lock
   * debugging off ("Disabling lock debugging due to kernel taint", once per boot). 4.x and 6.x: the
   * licence (P), a forced load (F), a forced unload (R) and an oops (D); the out-of-tree, staging,
   * unsigned and WARN taints keep lockdep. 2.6.32's add_taint(flag) decided by the flag: everything
   * but C and W. 2.4 had no lock debugging.
   */
  public boolean lockdepUnreliable(Era era) {
    return switch (era) {
      case V2_4 -> false;
      case V2_6 -> this != CRAP && this != WARN;
      default ->
          this == PROPRIETARY_MODULE
              || this == FORCED_MODULE
              || this == FORCED_RMMOD
              || this == DIE;
    };
  }

  public static Set<Taint> none() {
    return EnumSet.noneOf(Taint.class);
  }
}
