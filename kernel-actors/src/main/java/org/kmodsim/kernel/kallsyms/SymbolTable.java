package org.kmodsim.kernel.kallsyms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.kmodsim.kernel.Era;

/**
 * The kernel's symbols (kernel/kallsyms.c, kernel/module/kallsyms.c, the __ksymtab sections):
 * vmlinux symbols in address order, then each module's in load order. Lookup follows
 * find_symbol: vmlinux exports, then modules in list order. Renders /proc/kallsyms and the 2.4
 * /proc/ksyms. Pure and mutable; the Kallsyms actor owns the one instance.
 */
public final class SymbolTable {
  private final Era era;
  private final List<KernelSymbol> kernel = new ArrayList<>();
  private final LinkedHashMap<String, List<KernelSymbol>> modules = new LinkedHashMap<>();

  public SymbolTable(Era era) {
    this.era = era;
  }

  /** A table seeded with the representative vmlinux symbols of the era. */
  public static SymbolTable withBuiltins(Era era) {
    SymbolTable table = new SymbolTable(era);
    table.kernel.addAll(BuiltinSymbols.of(era));
    return table;
  }

  /** The exported name a module's import of {@code name} links against in this era. */
  public static String linkName(Era era, String name) {
    return BuiltinSymbols.linkName(era, name);
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
        if (symbol.exported() && symbol.name().equals(name)
            && (gplVisible || !symbol.gplOnly())) {
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
    int colon = name.indexOf(':');
    if (colon > 0) {
      for (KernelSymbol symbol : modules.getOrDefault(name.substring(0, colon), List.of())) {
        if (symbol.name().equals(name.substring(colon + 1))) {
          return symbol.address();
        }
      }
      return 0;
    }
    for (KernelSymbol symbol : kernel) {
      if (symbol.name().equals(name)) {
        return symbol.address();
      }
    }
    for (List<KernelSymbol> symbols : modules.values()) {
      for (KernelSymbol symbol : symbols) {
        if (symbol.name().equals(name)) {
          return symbol.address();
        }
      }
    }
    return 0;
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
        out.append(address(symbol.address(), showValue)).append(' ').append(symbol.type())
            .append(' ').append(symbol.name()).append('\n');
      }
    }
    for (Map.Entry<String, List<KernelSymbol>> entry : modules.entrySet()) {
      for (KernelSymbol symbol : entry.getValue()) {
        if (all || isText(symbol)) {
          out.append(address(symbol.address(), showValue)).append(' ').append(symbol.type())
              .append(' ').append(symbol.name()).append("\t[").append(entry.getKey())
              .append("]\n");
        }
      }
    }
    return out.toString();
  }

  /**
   * 2.4 /proc/ksyms: exported symbols only, {@code "%08lx %s\n"} and {@code "%08lx %s\t[%s]\n"},
   * names mangled with {@code _R<crc>} under CONFIG_MODVERSIONS (not for NOVERS exports), modules
   * first (module_list ends with the kernel).
   */
  public String renderKsyms(boolean modversions) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<KernelSymbol>> entry : modules.entrySet()) {
      for (KernelSymbol symbol : entry.getValue()) {
        if (symbol.exported()) {
          out.append(String.format("%08x %s\t[%s]%n", symbol.address(),
              versioned(symbol, modversions), entry.getKey()));
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
   * {@code printk_R1b7d4074}: the 2.4 __VERSIONED_SYMBOL name; EXPORT_SYMBOL_GPL prefixes
   * {@code GPLONLY_}, which modutils strips for GPL-compatible modules only.
   */
  public static String versioned(KernelSymbol symbol, boolean modversions) {
    String prefix = symbol.gplOnly() ? "GPLONLY_" : "";
    if (!modversions || symbol.crc() == null) {
      return prefix + symbol.name();
    }
    return prefix + symbol.name() + "_R" + String.format("%08x", symbol.crc());
  }

  private String address(long value, boolean show) {
    String format = era == Era.V2_4 ? "%08x" : "%016x";
    return String.format(format, show ? value : 0L);
  }

  private static boolean isText(KernelSymbol symbol) {
    return symbol.type() == 'T' || symbol.type() == 't' || symbol.type() == 'W'
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
