package org.kmodsim.userspace.kmod;

import org.kmodsim.userspace.GetoptLong.HasArg;
import org.kmodsim.userspace.GetoptLong.LongOption;

/**
 * What kmod 30's compat tools share on their command lines (tools/insmod.c, rmmod.c): the {@code
 * -V} text (kmod.h's PACKAGE " version " VERSION and KMOD_FEATURES, as Debian 12 builds kmod 30)
 * and the long-option entries every tool has. The 4.x era's kmod (25 to 30) parses the same way.
 */
final class KmodOptions {
  private KmodOptions() {}

  /** {@code puts(PACKAGE " version " VERSION); puts(KMOD_FEATURES);} */
  static final String VERSION = "kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n";

  static LongOption noArg(String name, char val) {
    return new LongOption(name, HasArg.NO, val);
  }
}
