package org.kmodsim.kernel;

import java.util.Locale;

/**
 * The kernel generations the model distinguishes, each with its own module, printk and kprobe
 * behaviour; subsystems derive their defaults from the era, and single config keys override them.
 */
public enum Era {
  /** 2.4: create_module, user-space symbol resolution, MOD_INC_USE_COUNT. */
  V2_4("2.4", "2.4.37", 2, 4, 37),
  /** 2.6.x to 3.12: per-CPU module counts and stop_machine on unload. */
  V2_6("2.6", "2.6.32", 2, 6, 32),
  /** 3.13 to 6.x before the 6.x changes: atomic module refcount. */
  V4_X("4.x", "4.19.0", 4, 19, 0),
  /** Current 6.x kernels. */
  V6_X("6.x", "6.12.0", 6, 12, 0);

  private final String label;
  private final String release;
  private final int major;
  private final int minor;
  private final int patch;

  Era(String label, String release, int major, int minor, int patch) {
    this.label = label;
    this.release = release;
    this.major = major;
    this.minor = minor;
    this.patch = patch;
  }

  public String label() {
    return label;
  }

  /** UTS_RELEASE of the representative kernel, e.g. {@code 6.12.0}. */
  public String release() {
    return release;
  }

  /** KERNEL_VERSION(a, b, c) = (a << 16) + (b << 8) + c, capped at 255 for c as in 4.9.256+. */
  public static int kernelVersion(int a, int b, int c) {
    return (a << 16) + (b << 8) + Math.min(c, 255);
  }

  /** LINUX_VERSION_CODE of the representative kernel. */
  public int versionCode() {
    return kernelVersion(major, minor, patch);
  }

  public boolean atLeast(Era other) {
    return compareTo(other) >= 0;
  }

  public static Era parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (Era era : values()) {
      if (era.label.equals(wanted)) {
        return era;
      }
    }
    throw new IllegalArgumentException(
        "unknown era '" + text + "' (expected one of 2.4, 2.6, 4.x, 6.x)");
  }

  @Override
  public String toString() {
    return label;
  }
}
