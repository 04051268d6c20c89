package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.SymbolTable;

/**
 * The checks a load makes before the module is in the list (kernel/module/signing.c
 * module_sig_check; kernel/module/main.c early_mod_check: check_modstruct_version, check_modinfo),
 * with the taints they add and the lines they print. Plain logic for one load: the lines go to
 * {@code log} in order, and {@code unsignedNoticed} runs when this load prints the once-per-boot
 * unsigned-module notice.
 *
 * <p>Owns nothing: it adds to the load's {@code taints}, and hands each taint to {@code addTaint}
 * when it is added, as add_taint_module does (the kernel stays tainted if the load fails later).
 */
final class EarlyModCheck {
  private final ModuleDefinition def;
  private final LoadInfo info;
  private final ModuleSettings settings;
  private final Era era;
  private final ModuleEra moduleEra;
  private final Set<Taint> kernelTainted;
  private final Set<Taint> taints;
  private final boolean unsignedNoticed;
  private final Consumer<LogLine> log;
  private final Runnable noticed;
  private final Consumer<Collection<Taint>> addTaint;

  /**
   * @param kernelTainted the kernel's taint mask when the load started
   * @param taints the load's taints, added to here
   * @param unsignedNoticed the notice was printed already (by an earlier load)
   * @param noticed runs when this load prints the notice
   * @param addTaint the kernel's add_taint
   */
  EarlyModCheck(
      LoadInfo info,
      ModuleSettings settings,
      Set<Taint> kernelTainted,
      Set<Taint> taints,
      boolean unsignedNoticed,
      Consumer<LogLine> log,
      Runnable noticed,
      Consumer<Collection<Taint>> addTaint) {
    this.info = info;
    this.def = info.definition();
    this.settings = settings;
    this.era = settings.era();
    this.moduleEra = ModuleEra.of(era);
    this.kernelTainted = kernelTainted;
    this.taints = taints;
    this.unsignedNoticed = unsignedNoticed;
    this.log = log;
    this.noticed = noticed;
    this.addTaint = addTaint;
  }

  /** module_sig_check: with module.sig_enforce an unsigned image is refused. */
  Errno moduleSigCheck() {
    if (!settings.signatureEnforced() || !unsignedImage() || !signing()) {
      return null;
    }
    Errno rejected = moduleEra.unsignedRejected();
    if (rejected == Errno.EKEYREJECTED) {
      log.accept(LogLine.err("Loading of unsigned module is rejected"));
    }
    return rejected;
  }

  /** early_mod_check: module_layout's CRC first, as the kernel does before anything else. */
  Errno checkModstructVersion() {
    List<LogLine> lines = new ArrayList<>();
    Errno error =
        SimplifySymbols.checkModstructVersion(
            def,
            info.ignoreModversions(),
            SymbolTable.forKernel(settings.kallsyms()),
            era,
            forceOptions(),
            kernelTainted,
            taints,
            lines);
    lines.forEach(log);
    if (taints.contains(Taint.FORCED_MODULE)) {
      addTaint.accept(List.of(Taint.FORCED_MODULE));
    }
    return error;
  }

  /** check_modinfo: vermagic (or the forced-load path), then the taints of the licence etc. */
  Errno checkModinfo() {
    if (moduleEra.checksVermagic()) {
      Errno error = checkVermagic();
      if (error != null) {
        return error;
      }
    }
    if (moduleEra.taintsOutOfTree() && !def.intree()) {
      taint(Taint.OOT_MODULE, def.name() + ": loading out-of-tree module taints kernel.");
    }
    if (moduleEra.taintsStaging() && def.staging()) {
      taint(
          Taint.CRAP,
          def.name()
              + ": module is from the staging directory, the quality is"
              + " unknown, you have been warned.");
    }
    if (!License.gplCompatible(def.license())) {
      String message =
          !moduleEra.printsLicenseTaint()
              ? null
              : def.name()
                  + ": module license '"
                  + License.shown(def.license())
                  + "' taints kernel.";
      taint(Taint.PROPRIETARY_MODULE, message);
    }
    if (signing() && unsignedImage()) {
      moduleSigTaint();
    }
    return null;
  }

  /** same_magic, or try_to_force_load when the vermagic is ignored or missing. */
  private Errno checkVermagic() {
    String kernel = KernelTree.vermagic(settings.directory(), era);
    boolean versions = def.hasVersions() && !info.ignoreModversions() && settings.modversions();
    if (info.ignoreVermagic() || def.vermagic() == null) {
      List<LogLine> lines = new ArrayList<>();
      Set<Taint> tainted = EnumSet.noneOf(Taint.class);
      tainted.addAll(kernelTainted);
      tainted.addAll(taints);
      boolean allowed =
          SimplifySymbols.forceLoad(
              def.name(), "bad vermagic", forceOptions(), tainted, taints, lines);
      lines.forEach(log);
      if (allowed) {
        addTaint.accept(List.of(Taint.FORCED_MODULE));
      }
      return allowed ? null : Errno.ENOEXEC;
    }
    if (!Modversions.sameMagic(def.vermagic(), kernel, versions)) {
      log.accept(
          LogLine.err(
              def.name() + ": version magic '" + def.vermagic() + "' should be '" + kernel + "'"));
      return Errno.ENOEXEC;
    }
    return null;
  }

  /**
   * CONFIG_MODULE_SIG without a valid signature, not enforced: taint E, and the notice once per
   * boot (pr_notice_once, whichever module comes first, whatever the taint mask says).
   */
  private void moduleSigTaint() {
    if (!unsignedNoticed) {
      log.accept(
          LogLine.notice(
              def.name()
                  + ": module verification failed: signature and/or"
                  + " required key missing - tainting kernel"));
      noticed.run();
    }
    taints.add(Taint.UNSIGNED_MODULE);
    addTaint.accept(List.of(Taint.UNSIGNED_MODULE));
  }

  /**
   * CONFIG_MODULE_SIG (3.7+; the 2.6 era's 2.6.32 has none). module.sig_enforce exists only with
   * it, so enforcing implies it.
   */
  private boolean signing() {
    return moduleEra.hasModuleSignatures()
        && (settings.moduleSig() || settings.signatureEnforced());
  }

  /** No signature, or one that no longer applies: the IGNORE flags mangle the image. */
  private boolean unsignedImage() {
    return !def.signed() || info.ignoreModversions() || info.ignoreVermagic();
  }

  private void taint(Taint taint, String message) {
    if (message != null && !kernelTainted.contains(taint)) {
      log.accept(LogLine.warn(message));
    }
    taints.add(taint);
    addTaint.accept(List.of(taint));
  }

  private SimplifySymbols.Options forceOptions() {
    return new SimplifySymbols.Options(
        settings.modversions(), settings.forceLoad(), settings.allowMissingNamespaceImports());
  }
}
