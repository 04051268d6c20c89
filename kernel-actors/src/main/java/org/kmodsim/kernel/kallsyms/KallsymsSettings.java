package org.kmodsim.kernel.kallsyms;

import org.kmodsim.kernel.Era;

/**
 * What the symbol table's files depend on: the era, CONFIG_MODVERSIONS (the 2.4 {@code _R<crc>}
 * names), CONFIG_KALLSYMS_ALL, and the boot values of kptr_restrict and perf_event_paranoid
 * (kallsyms_show_value). Read from the module subsystem's configuration by whoever boots kallsyms.
 */
public record KallsymsSettings(
    Era era,
    boolean modversions,
    boolean kallsyms,
    boolean kallsymsAll,
    int kptrRestrict,
    int perfEventParanoid,
    String symvers) {

  /**
   * @param kallsyms CONFIG_KALLSYMS (init/Kconfig, default y): without it kernel/kallsyms.c is not
   *     built, so 2.6+ has no /proc/kallsyms, and kallsyms_lookup_name is the header's stub
   * @param symvers a real tree's Module.symvers whose vmlinux exports the kernel has ("" for none)
   */
  public KallsymsSettings {}

  public KallsymsSettings(
      Era era, boolean modversions, boolean kallsymsAll, int kptrRestrict, int perfEventParanoid) {
    this(era, modversions, kallsymsAll, kptrRestrict, perfEventParanoid, "");
  }

  public KallsymsSettings(
      Era era,
      boolean modversions,
      boolean kallsymsAll,
      int kptrRestrict,
      int perfEventParanoid,
      String symvers) {
    this(era, modversions, true, kallsymsAll, kptrRestrict, perfEventParanoid, symvers);
  }

  /**
   * Whether the kernel has kernel/kallsyms.c. 2.4's /proc/ksyms is kernel/module.c's export list,
   * which CONFIG_KALLSYMS does not touch, so 2.4 answers true.
   */
  public boolean hasKallsyms() {
    return kallsyms || era == Era.V2_4;
  }

  /** A kernel of {@code era} with the defaults: versioned, text only, kptr_restrict 0. */
  public static KallsymsSettings defaults(Era era) {
    return new KallsymsSettings(era, true, false, 0, 2);
  }

  /** kptr_restrict and %pK came in 2.6.38: the model's 2.6 (2.6.32) and 2.4 have neither. */
  public boolean hasKptrRestrict() {
    return era.atLeast(Era.V4_X);
  }

  /**
   * kallsyms_show_value for a reader with or without CAP_SYSLOG, with kptr_restrict as now. Before
   * kptr_restrict (2.6.32 kernel/kallsyms.c s_show, kernel/module.c m_show) every reader saw the
   * addresses.
   */
  public boolean showValue(int kptrRestrictNow, boolean capSyslog) {
    if (!hasKptrRestrict()) {
      return true;
    }
    return switch (kptrRestrictNow) {
      case 0 -> perfEventParanoid <= 1 || capSyslog;
      case 1 -> capSyslog;
      default -> false;
    };
  }
}
