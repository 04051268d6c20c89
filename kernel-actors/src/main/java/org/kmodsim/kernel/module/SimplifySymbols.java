package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.kallsyms.SymbolTable;

/**
 * check_modstruct_version and simplify_symbols (kernel/module/main.c, kernel/module/version.c):
 * resolves every import of a module against the symbol table with the licence, namespace and CRC
 * rules of the era. All symbols are tried and the last error wins, as in the kernel. Pure.
 */
public final class SimplifySymbols {
  private SimplifySymbols() {}

  /** The kernel options the checks depend on. */
  public record Options(boolean modversions, boolean forceLoad, boolean allowMissingNamespace) {
    static Options of(ModuleSettings settings) {
      return new Options(
          settings.modversions(), settings.forceLoad(), settings.allowMissingNamespaceImports());
    }
  }

  /** simplify_symbols for a loading module, run by kallsyms against its table. */
  public record ResolveImports(
      ModuleDefinition definition,
      boolean ignoreVersions,
      Era era,
      Options options,
      Set<Taint> tainted)
      implements Kallsyms.Query<Result> {
    public ResolveImports {
      tainted = tainted.isEmpty() ? Set.of() : Set.copyOf(tainted);
    }

    @Override
    public Result answer(SymbolTable table) {
      return resolveImports(definition, ignoreVersions, table, era, options, tainted);
    }
  }

  /**
   * The outcome: the exporting modules this one now uses (in order), the log lines, the taints the
   * checks added (F), and the error (null on success).
   */
  public record Result(Set<String> uses, List<LogLine> log, Set<Taint> taints, Errno error) {
    public Result {
      uses = Set.copyOf(uses);
      log = List.copyOf(log);
      taints = taints.isEmpty() ? EnumSet.noneOf(Taint.class) : EnumSet.copyOf(taints);
    }

    /** Preserves the order of first use, which /proc/modules and holders show. */
    public List<String> usesInOrder() {
      return List.copyOf(uses);
    }
  }

  /**
   * Checks module_layout (failure ENOEXEC), then resolves every import. {@code tainted} is the
   * kernel's taint mask at the time, for the print-only-once rule of forced loads.
   */
  public static Result run(
      ModuleDefinition def,
      boolean ignoreVersions,
      SymbolTable table,
      Era era,
      Options options,
      Set<Taint> tainted) {
    List<LogLine> log = new ArrayList<>();
    Set<Taint> taints = EnumSet.noneOf(Taint.class);
    if (checkModstructVersion(def, ignoreVersions, table, era, options, tainted, taints, log)
        != null) {
      return new Result(Set.of(), log, taints, Errno.ENOEXEC);
    }
    Set<Taint> now = EnumSet.noneOf(Taint.class);
    now.addAll(tainted);
    now.addAll(taints);
    Result imports = resolveImports(def, ignoreVersions, table, era, options, now);
    log.addAll(imports.log());
    taints.addAll(imports.taints());
    return new Result(imports.uses(), log, taints, imports.error());
  }

  /**
   * check_modstruct_version: the CRC of module_layout (2.6.32 too) against the kernel's; ENOEXEC on
   * failure. Adds F to {@code taints} when a forced load skips it.
   */
  public static Errno checkModstructVersion(
      ModuleDefinition def,
      boolean ignoreVersions,
      SymbolTable table,
      Era era,
      Options options,
      Set<Taint> tainted,
      Set<Taint> taints,
      List<LogLine> log) {
    if (!options.modversions() || era == Era.V2_4) {
      return null;
    }
    String layout = Modversions.layoutSymbol(era);
    Long wanted = null;
    for (ModuleDefinition.Import imported : def.imports()) {
      if (imported.symbol().equals(layout)) {
        wanted = imported.crc();
      }
    }
    Set<Taint> both = EnumSet.noneOf(Taint.class);
    both.addAll(tainted);
    both.addAll(taints);
    Errno error =
        checkVersion(
            def,
            def.hasVersions() && !ignoreVersions,
            layout,
            table.findAnyExport(layout),
            wanted,
            options,
            both,
            taints,
            log);
    return error == null ? null : Errno.ENOEXEC;
  }

  /** simplify_symbols: every import resolved; all are tried and the last error wins. */
  public static Result resolveImports(
      ModuleDefinition def,
      boolean ignoreVersions,
      SymbolTable table,
      Era era,
      Options options,
      Set<Taint> tainted) {
    List<LogLine> log = new ArrayList<>();
    Set<Taint> taints = EnumSet.noneOf(Taint.class);
    LinkedHashSet<String> uses = new LinkedHashSet<>();
    boolean hasVersions = def.hasVersions() && !ignoreVersions;
    boolean gplVisible = License.gplCompatible(def.license());
    Errno error = null;
    for (ModuleDefinition.Import imported : def.imports()) {
      if (imported.symbol().equals(Modversions.layoutSymbol(era))) {
        continue;
      }
      Errno symbolError =
          resolve(
              def,
              imported,
              hasVersions,
              gplVisible,
              table,
              era,
              options,
              tainted,
              taints,
              log,
              uses);
      if (symbolError != null) {
        error = symbolError;
      }
    }
    return new Result(uses, log, taints, error);
  }

  private static Errno resolve(
      ModuleDefinition def,
      ModuleDefinition.Import imported,
      boolean hasVersions,
      boolean gplVisible,
      SymbolTable table,
      Era era,
      Options options,
      Set<Taint> tainted,
      Set<Taint> taints,
      List<LogLine> log,
      Set<String> uses) {
    KernelSymbol symbol = table.findExport(imported.symbol(), gplVisible);
    Errno error = null;
    if (symbol == null) {
      if (imported.weak()) {
        return null;
      }
      log.add(unknown(def.name(), imported.symbol(), era, Errno.ENOENT));
      return Errno.ENOENT;
    }
    if (era == Era.V6_X
        && !symbol.namespace().isEmpty()
        && !def.importNamespaces().contains(symbol.namespace())) {
      String line =
          def.name()
              + ": module uses symbol ("
              + symbol.name()
              + ") from namespace "
              + symbol.namespace()
              + ", but does not import it.";
      if (!options.allowMissingNamespace()) {
        log.add(LogLine.err(line));
        error = Errno.EINVAL;
      } else {
        log.add(LogLine.warn(line));
      }
    }
    if (error == null && options.modversions()) {
      error =
          checkVersion(
              def,
              hasVersions,
              symbol.name(),
              symbol,
              imported.crc(),
              options,
              tainted,
              taints,
              log);
    }
    if (error != null) {
      // 2.6.32 resolve_symbol returns NULL when check_version fails, and simplify_symbols says
      // "Unknown symbol" with -ENOENT; since 2.6.36 the ERR_PTR's errno (-EINVAL) comes through.
      Errno returned = era == Era.V2_6 ? Errno.ENOENT : error;
      log.add(unknown(def.name(), imported.symbol(), era, returned));
      return returned;
    }
    if (!symbol.inKernel()) {
      uses.add(symbol.owner());
    }
    return null;
  }

  /** check_version: returns null when the symbol may be used, else EINVAL. */
  private static Errno checkVersion(
      ModuleDefinition def,
      boolean hasVersions,
      String name,
      KernelSymbol symbol,
      Long wanted,
      Options options,
      Set<Taint> tainted,
      Set<Taint> taints,
      List<LogLine> log) {
    if (symbol == null || symbol.crc() == null) {
      return null; // the exporter has no CRC: accepted (the kernel is already tainted)
    }
    if (!hasVersions) {
      return forceLoad(def.name(), name, options, tainted, taints, log) ? null : Errno.EINVAL;
    }
    if (wanted == null || wanted.equals(symbol.crc())) {
      return null;
    }
    log.add(LogLine.warn(def.name() + ": disagrees about version of symbol " + name));
    return Errno.EINVAL;
  }

  /**
   * try_to_force_load: with CONFIG_MODULE_FORCE_LOAD taints F and logs the reason (only while F is
   * unset); without it the load fails.
   */
  public static boolean forceLoad(
      String module,
      String reason,
      Options options,
      Set<Taint> tainted,
      Set<Taint> taints,
      List<LogLine> log) {
    if (!options.forceLoad()) {
      return false;
    }
    if (!tainted.contains(Taint.FORCED_MODULE) && !taints.contains(Taint.FORCED_MODULE)) {
      log.add(LogLine.warn(module + ": " + reason + ": kernel tainted."));
    }
    taints.add(Taint.FORCED_MODULE);
    return true;
  }

  /** The owner of a resolved symbol went away before ref_module: the symbol is unknown. */
  static LogLine unknownOwner(String module, String owner, Era era) {
    return LogLine.warn(
        module
            + ": Unknown symbol from module "
            + owner
            + " (err "
            + Errno.ENOENT.negative()
            + ")");
  }

  /**
   * The era's "Unknown symbol" line: 2.4 modutils' unresolved symbol, 2.6 without err, 4.x with the
   * raw lookup value, 6.x with the errno.
   */
  static LogLine unknown(String module, String symbol, Era era, Errno error) {
    switch (era) {
      case V2_4 -> {
        // modutils resolved symbols in insmod: its message, not the kernel's
        return LogLine.err(module + ": unresolved symbol " + symbol);
      }
      case V2_6 -> {
        return LogLine.warn(module + ": Unknown symbol " + symbol);
      }
      case V4_X -> {
        return LogLine.warn(
            module
                + ": Unknown symbol "
                + symbol
                + " (err "
                + (error == Errno.ENOENT ? 0 : error.negative())
                + ")");
      }
      default -> {
        return LogLine.warn(
            module + ": Unknown symbol " + symbol + " (err " + error.negative() + ")");
      }
    }
  }
}
