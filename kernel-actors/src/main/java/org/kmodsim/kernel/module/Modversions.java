package org.kmodsim.kernel.module;

import org.kmodsim.kernel.Era;

/**
 * Version checks (kernel/module/version.c, include/linux/vermagic.h): the running kernel's vermagic
 * per era, same_magic, and the name of the synthetic layout symbol.
 */
public final class Modversions {
  private Modversions() {}

  /**
   * VERMAGIC_STRING of the representative kernel: UTS_RELEASE, SMP, preempt (6.x), mod_unload,
   * modversions, and the x86-64 arch string (empty). 2.4 modules carried kernel_version instead.
   */
  public static String vermagic(Era era) {
    return switch (era) {
      case V2_4 -> era.release();
      case V6_X -> era.release() + " SMP preempt mod_unload modversions ";
      default -> era.release() + " SMP mod_unload modversions ";
    };
  }

  /** same_magic: with a __versions table the leading release word is not compared. */
  public static boolean sameMagic(String moduleMagic, String kernelMagic, boolean hasCrcs) {
    if (hasCrcs) {
      return afterFirstWord(moduleMagic).equals(afterFirstWord(kernelMagic));
    }
    return moduleMagic.equals(kernelMagic);
  }

  private static String afterFirstWord(String magic) {
    int space = magic.indexOf(' ');
    return space < 0 ? "" : magic.substring(space);
  }

  /**
   * The symbol whose CRC fingerprints struct module (check_modstruct_version): module_layout since
   * 2.6.28, so also in 2.6.32 (kernel/module.c); struct_module before.
   */
  public static String layoutSymbol(Era era) {
    return "module_layout";
  }
}
