package org.kmodsim.kernel.module;

import java.util.Set;

/**
 * MODULE_LICENSE (include/linux/license.h): which licence strings are GPL-compatible; any other (or
 * none) taints the kernel with P and hides GPL-only exports from the module.
 */
public final class License {
  private static final Set<String> GPL_COMPATIBLE =
      Set.of(
          "GPL",
          "GPL v2",
          "GPL and additional rights",
          "Dual BSD/GPL",
          "Dual MIT/GPL",
          "Dual MPL/GPL");

  private License() {}

  public static boolean gplCompatible(String license) {
    return license != null && GPL_COMPATIBLE.contains(license);
  }

  /** The name printed in the taint message: the licence, or {@code unspecified}. */
  public static String shown(String license) {
    return license == null || license.isEmpty() ? "unspecified" : license;
  }
}
