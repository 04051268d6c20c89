package org.kmodsim.kernel.module;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.KallsymsSettings;
import org.kmodsim.kernel.kallsyms.Symvers;
import org.kmodsim.kernel.printk.PrintkSettings;
import org.kmodsim.sim.config.ConfigValues;

/**
 * The module subsystem's kernel configuration (kmodsim.modules in reference.conf), with the era's
 * defaults for keys left at {@code era}. Read once at boot.
 *
 * @param directory the module directory (/lib/modules/$(uname -r)); empty: the built-in samples
 * @param configKallsyms CONFIG_KALLSYMS (2.6+): /proc/kallsyms and kallsyms_lookup_name; without it
 *     no kprobes either (arch/Kconfig: KPROBES selects KALLSYMS)
 * @param moduleSig CONFIG_MODULE_SIG (4.x+): modules without a valid signature taint E
 * @param signatureEnforced CONFIG_MODULE_SIG_FORCE / module.sig_enforce (implies moduleSig)
 * @param noopUseCountMacros 2.4 debugging practice: MOD_INC_USE_COUNT/MOD_DEC_USE_COUNT do nothing
 * @param panicOnOops kernel.panic_on_oops, read from kmodsim.printk.panic-on-oops (the one key for
 *     every oops; see {@link PrintkSettings#panicOnOops})
 * @param hungTaskNanos hung_task_timeout_secs: a notifier callback blocked this long is reported
 * @param symvers the Module.symvers giving vmlinux's exports ({@code --symvers FILE}); empty: the
 *     tree's own (build/Module.symvers, Module.symvers), if any
 */
public record ModuleSettings(
    Era era,
    String directory,
    boolean modversions,
    boolean forceLoad,
    boolean forceUnload,
    boolean allowMissingNamespaceImports,
    boolean moduleSig,
    boolean signatureEnforced,
    boolean modulesDisabled,
    List<String> blacklist,
    boolean configKallsyms,
    boolean kallsymsAll,
    int kptrRestrict,
    int perfEventParanoid,
    boolean noopUseCountMacros,
    boolean panicOnOops,
    long dependencyWaitNanos,
    long hungTaskNanos,
    int pendingLoadsMax,
    Map<String, Errno> failInit,
    String symvers) {

  public ModuleSettings {
    blacklist = List.copyOf(blacklist);
    failInit = Map.copyOf(failInit);
  }

  public static ModuleSettings fromConfig(Config config, Era era) {
    ConfigValues c = ConfigValues.of(config, "kmodsim.modules");
    Map<String, Errno> failInit;
    try {
      failInit = failInit(c.strings("fail-init"));
    } catch (IllegalArgumentException e) {
      throw c.bad("fail-init", e.getMessage());
    }
    String symvers = c.string("symvers");
    if (!symvers.isEmpty()
        && !java.nio.file.Files.isRegularFile(java.nio.file.Paths.get(symvers))) {
      throw c.bad("symvers", symvers + ": No such file");
    }
    String found = symvers.isEmpty() ? Symvers.locate(c.string("directory")) : symvers;
    if (!found.isEmpty()) {
      try {
        Symvers.vmlinux(found);
      } catch (Symvers.SymversException e) {
        throw c.bad(symvers.isEmpty() ? "directory" : "symvers", e.getMessage());
      }
    }
    return new ModuleSettings(
        era,
        c.string("directory"),
        c.bool("modversions"),
        c.bool("force-load"),
        c.bool("force-unload"),
        c.bool("allow-missing-namespace-imports"),
        c.bool("module-sig"),
        c.bool("sig-enforce"),
        c.bool("modules-disabled"),
        c.strings("module-blacklist"),
        c.bool("kallsyms"),
        c.bool("kallsyms-all"),
        c.intIn("kptr-restrict", 0, 2),
        c.intIn("perf-event-paranoid", -1, 3),
        c.bool("noop-use-count-macros"),
        PrintkSettings.panicOnOops(config, era),
        c.duration("dependency-wait"),
        c.duration("hung-task-timeout"),
        c.intIn("pending-loads-max", 1, 1 << 20),
        failInit,
        symvers);
  }

  /** Fault injection: "MODULE" (ENOMEM) or "MODULE:ERRNO" makes that module's init fail. */
  static Map<String, Errno> failInit(List<String> entries) {
    java.util.TreeMap<String, Errno> faults = new java.util.TreeMap<>();
    for (String entry : entries) {
      int colon = entry.indexOf(':');
      String module = colon < 0 ? entry : entry.substring(0, colon);
      String errno = colon < 0 ? "ENOMEM" : entry.substring(colon + 1);
      try {
        faults.put(module, Errno.parse(errno));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + entry + "': " + e.getMessage());
      }
    }
    return faults;
  }

  /** Defaults for tests: the era's kernel with force load and unload configured. */
  public static ModuleSettings defaults(Era era) {
    return new ModuleSettings(
        era,
        "",
        true,
        true,
        true,
        false,
        false,
        false,
        false,
        List.of(),
        true,
        false,
        0,
        2,
        false,
        false,
        30_000_000_000L,
        120_000_000_000L,
        64,
        Map.of(),
        "");
  }

  /** What the symbol table needs of these settings. */
  public KallsymsSettings kallsyms() {
    return new KallsymsSettings(
        era,
        modversions,
        configKallsyms,
        kallsymsAll,
        kptrRestrict,
        perfEventParanoid,
        symvers.isEmpty() ? Symvers.locate(directory) : symvers);
  }
}
