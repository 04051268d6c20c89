package org.kmodsim.kernel.module;

import java.util.Locale;

/** enum module_state (include/linux/module.h); 2.4 had flags instead, mapped onto these. */
public enum ModuleState {
  LIVE,
  COMING,
  GOING,
  UNFORMED;

  /** The /proc/modules state word. */
  public String procWord() {
    return switch (this) {
      case GOING -> "Unloading";
      case COMING -> "Loading";
      default -> "Live";
    };
  }

  /** /sys/module/NAME/initstate. */
  public String initstate() {
    return this == UNFORMED ? "going" : name().toLowerCase(Locale.ROOT);
  }
}
