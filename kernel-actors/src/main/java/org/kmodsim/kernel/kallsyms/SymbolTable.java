package org.kmodsim.kernel.kallsyms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import org.kmodsim.kernel.Era;

/**
 * The kernel's symbols (kernel/kallsyms.c, kernel/module/kallsyms.c, the __ksymtab sections):
 * vmlinux symbols in address order, then each module's in load order. Lookup follows find_symbol:
 * vmlinux exports, then modules in list order. Renders /proc/kallsyms and the 2.4 /proc/ksyms, and
 * answers what kprobes ask (a name or an address to a symbol with its size). Pure and mutable; the
 * Kallsyms actor owns the one instance.
 */
public final class SymbolTable {
  /** The size of a module's last symbol, which has no next symbol to measure against. */
  static final long LAST_SYMBOL_SIZE = 0x100;

  private final Era era;
  private final List<KernelSymbol> kernel = new ArrayList<>();
  private final LinkedHashMap<String, List<KernelSymbol>> modules = new LinkedHashMap<>();

  /**
   * CONFIG_KALLSYMS_ALL. Without it scripts/kallsyms.c symbol_valid() (no --all-symbols) keeps only
   * the text ranges' symbols, and kernel/module/kallsyms.c is_core_symbol() only a module's
   * SHF_EXECINSTR ones: data symbols are not in the table, so lookups miss them too.
   */
  private boolean all = true;

  public SymbolTable(Era era) {
    this.era = era;
  }

  /** A table seeded with the representative vmlinux symbols of the era. */
  public static SymbolTable withBuiltins(Era era) {
    SymbolTable table = new SymbolTable(era);
    table.kernel.addAll(VmlinuxSymbols.of(era));
    return table;
  }

  /**
   * The running kernel's table: the era's vmlinux symbols, with the exports and CRCs of a real
   * tree's Module.symvers over them when the settings name one.
   */
  public static SymbolTable forKernel(KallsymsSettings settings) {
    SymbolTable table = new SymbolTable(settings.era());
    List<KernelSymbol> builtins = VmlinuxSymbols.of(settings.era());
    if (!settings.hasKallsyms()) { // kernel/kallsyms.c is not built: neither symbol nor export
      builtins =
          builtins.stream()
              .filter(s -> !s.name().startsWith("kallsyms_"))
              .collect(java.util.stream.Collectors.toList());
    }
    table.kernel.addAll(
        settings.symvers().isEmpty()
            ? builtins
            : Symvers.overlay(builtins, Symvers.vmlinux(settings.symvers())));
    table.all = settings.kallsymsAll();
    return table;
  }

  /** The exported name a module's import of {@code name} links against in this era. */
  public static String linkName(Era era, String name) {
    return VmlinuxSymbols.linkName(era, name);
  }

  public Era era() {
    return era;
  }

  /**
   * The exported symbol {@code name} as find_symbol sees it, or null: vmlinux first, then the
   * modules in list order. {@code gplVisible} false (a proprietary importer) skips GPL-only ones.
   */
  public KernelSymbol findExport(String name, boolean gplVisible) {
    for (KernelSymbol symbol : kernel) {
      if (symbol.exported() && symbol.name().equals(name) && (gplVisible || !symbol.gplOnly())) {
        return symbol;
      }
    }
    for (List<KernelSymbol> symbols : modules.values()) {
      for (KernelSymbol symbol : symbols) {
        if (symbol.exported() && symbol.name().equals(name) && (gplVisible || !symbol.gplOnly())) {
          return symbol;
        }
      }
    }
    return null;
  }

  /** Any exported symbol of that name, whatever its licence (for the duplicate check). */
  public KernelSymbol findAnyExport(String name) {
    return findExport(name, true);
  }

  /** kallsyms_lookup_name: the address, or 0; accepts {@code module:symbol}. */
  public long lookupName(String name) {
    KernelSymbol symbol = find(name);
    return symbol == null ? 0 : symbol.address();
  }

  /**
   * kallsyms_lookup_name with the symbol's size (kallsyms_lookup_size_offset), or null: vmlinux
   * first, then the modules in list order; {@code module:symbol} looks in one module only.
   */
  public KernelSymbol find(String name) {
    int colon = name.indexOf(':');
    if (colon > 0) {
      String symbol = name.substring(colon + 1);
      return first(
          sized(modules.getOrDefault(name.substring(0, colon), List.of())),
          s -> listed(s) && s.name().equals(symbol));
    }
    KernelSymbol found = first(kernel, s -> listed(s) && s.name().equals(name));
    for (Iterator<List<KernelSymbol>> it = modules.values().iterator();
        found == null && it.hasNext(); ) {
      found = first(sized(it.next()), s -> listed(s) && s.name().equals(name));
    }
    return found;
  }

  /** kallsyms_lookup_size_offset: the symbol whose [address, address + size) holds it, or null. */
  public KernelSymbol findAt(long address) {
    KernelSymbol found = first(kernel, s -> listed(s) && s.contains(address));
    for (Iterator<List<KernelSymbol>> it = modules.values().iterator();
        found == null && it.hasNext(); ) {
      found = first(sized(it.next()), s -> listed(s) && s.contains(address));
    }
    return found;
  }

  private static KernelSymbol first(List<KernelSymbol> symbols, Predicate<KernelSymbol> match) {
    for (KernelSymbol symbol : symbols) {
      if (match.test(symbol)) {
        return symbol;
      }
    }
    return null;
  }

  /**
   * A module's symbols with their sizes: the distance to the module's next symbol, as kallsyms
   * computes it; the last one gets {@link #LAST_SYMBOL_SIZE}.
   */
  private static List<KernelSymbol> sized(List<KernelSymbol> symbols) {
    List<KernelSymbol> sorted = new ArrayList<>(symbols);
    sorted.sort(Comparator.comparingLong(KernelSymbol::address));
    List<KernelSymbol> sized = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      KernelSymbol symbol = sorted.get(i);
      long size =
          i + 1 < sorted.size() ? sorted.get(i + 1).address() - symbol.address() : LAST_SYMBOL_SIZE;
      sized.add(symbol.size() > 0 ? symbol : symbol.withSize(size));
    }
    return sized;
  }

  /**
   * The 2.4 /proc/ksyms names and values of the exports of {@code module} (null: the kernel's), for
   * query_module(QM_SYMBOLS).
   */
  public List<KernelSymbol> exports(String module) {
    List<KernelSymbol> symbols = module == null ? kernel : modules.getOrDefault(module, List.of());
    return symbols.stream().filter(KernelSymbol::exported).toList();
  }

  /** Adds a module's symbols (the module becomes visible from COMING on). */
  public void addModule(String module, List<KernelSymbol> symbols) {
    modules.put(module, List.copyOf(symbols));
  }

  public void dropModule(String module) {
    modules.remove(module);
  }

  public boolean hasModule(String module) {
    return modules.containsKey(module);
  }

  public List<KernelSymbol> kernelSymbols() {
    return Collections.unmodifiableList(kernel);
  }

  public Map<String, List<KernelSymbol>> moduleSymbols() {
    return Collections.unmodifiableMap(modules);
  }

  /**
   * /proc/kallsyms: {@code "%px %c %s\n"} for vmlinux, {@code "%px %c %s\t[%s]\n"} for modules;
   * addresses zeroed when the reader may not see them. Without CONFIG_KALLSYMS_ALL only text.
   */
  public String renderKallsyms(boolean showValue, boolean all) {
    StringBuilder out = new StringBuilder();
    for (KernelSymbol symbol : kernel) {
      if (all || isText(symbol)) {
        kallsymsLine(out, symbol, showValue).append('\n');
      }
    }
    for (Map.Entry<String, List<KernelSymbol>> entry : newestFirst()) {
      for (KernelSymbol symbol : entry.getValue()) {
        if (all || isText(symbol)) {
          kallsymsLine(out, symbol, showValue).append("\t[").append(entry.getKey()).append("]\n");
        }
      }
    }
    return out.toString();
  }

  /** {@code "%px %c %s"}: the start of a /proc/kallsyms line, for vmlinux and modules alike. */
  private StringBuilder kallsymsLine(StringBuilder out, KernelSymbol symbol, boolean showValue) {
    return out.append(address(symbol.address(), showValue))
        .append(' ')
        .append(symbol.type())
        .append(' ')
        .append(symbol.name());
  }

  /**
   * 2.4 /proc/ksyms: exported symbols only, {@code "%08lx %s\n"} and {@code "%08lx %s\t[%s]\n"},
   * names mangled with {@code _R<crc>} under CONFIG_MODVERSIONS (not for NOVERS exports), modules
   * first, the newest first (module_list ends with the kernel).
   */
  public String renderKsyms(boolean modversions) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<KernelSymbol>> entry : newestFirst()) {
      for (KernelSymbol symbol : entry.getValue()) {
        if (symbol.exported()) {
          out.append(
              String.format(
                  "%08x %s\t[%s]%n",
                  symbol.address(), versioned(symbol, modversions), entry.getKey()));
        }
      }
    }
    for (KernelSymbol symbol : kernel) {
      if (symbol.exported()) {
        out.append(String.format("%08x %s%n", symbol.address(), versioned(symbol, modversions)));
      }
    }
    return out.toString();
  }

  /**
   * {@code printk_R1b7d4074}: the 2.4 __VERSIONED_SYMBOL name; EXPORT_SYMBOL_GPL prefixes {@code
   * GPLONLY_}, which modutils strips for GPL-compatible modules only.
   */
  public static String versioned(KernelSymbol symbol, boolean modversions) {
    String prefix = symbol.gplOnly() ? "GPLONLY_" : "";
    if (!modversions || symbol.crc() == null) {
      return prefix + symbol.name();
    }
    return prefix + symbol.name() + "_R" + String.format("%08x", symbol.crc());
  }

  /**
   * The modules as the kernel's list holds them, newest first: 2.4 sys_create_module puts a module
   * at the head of module_list, which /proc/ksyms' s_start walks (kernel/module.c of 2.4.27 and
   * 2.4.32); from 2.6 load_module's list_add_rcu(&mod->list, &modules) does, and module_get_kallsym
   * walks it from the head (v2.6.32 kernel/module.c).
   */
  private List<Map.Entry<String, List<KernelSymbol>>> newestFirst() {
    List<Map.Entry<String, List<KernelSymbol>>> entries = new ArrayList<>(modules.entrySet());
    Collections.reverse(entries);
    return entries;
  }

  private String address(long value, boolean show) {
    String format = era == Era.V2_4 ? "%08x" : "%016x";
    return String.format(format, show ? value : 0L);
  }

  /** In kallsyms: every symbol with CONFIG_KALLSYMS_ALL, else text only. */
  private boolean listed(KernelSymbol symbol) {
    return all || isText(symbol);
  }

  private static boolean isText(KernelSymbol symbol) {
    return symbol.type() == 'T'
        || symbol.type() == 't'
        || symbol.type() == 'W'
        || symbol.type() == 'w';
  }

  /** genksyms' CRC: CRC-32 of the declaration's tokens, each followed by one space. */
  public static long crcOf(String declaration) {
    CRC32 crc = new CRC32();
    StringBuilder tokens = new StringBuilder();
    for (String token : declaration.trim().split("\\s+|(?=[(),;*])|(?<=[(),;*])")) {
      if (!token.isBlank()) {
        tokens.append(token.trim()).append(' ');
      }
    }
    crc.update(tokens.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return crc.getValue();
  }
}
