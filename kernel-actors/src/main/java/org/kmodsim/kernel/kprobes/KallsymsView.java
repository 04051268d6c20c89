package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.kallsyms.SymbolTable;

/**
 * {@link SymbolLookup} answered from the symbol registry's table (kernel/kallsyms.c
 * kallsyms_lookup_name, kallsyms_lookup_size_offset): a symbol's size is the distance to the next
 * symbol of the same owner, as kallsyms computes it; {@code module:symbol} names one module.
 * Pure; the Kallsyms actor calls it for its {@code Lookup} message.
 */
public final class KallsymsView {
  /** The size of the last symbol of a module, which has no next symbol to measure against. */
  static final long LAST_SYMBOL_SIZE = 0x100;

  private KallsymsView() {}

  public static SymbolLookup.Reply answer(SymbolTable table, SymbolLookup.Request request) {
    List<KernelSymbolInfo> all = symbols(table);
    if (request instanceof SymbolLookup.ByName) {
      String name = ((SymbolLookup.ByName) request).name();
      int colon = name.indexOf(':');
      for (KernelSymbolInfo symbol : all) {
        boolean match = colon > 0
            ? name.substring(0, colon).equals(symbol.module())
                && name.substring(colon + 1).equals(symbol.name())
            : name.equals(symbol.name());
        if (match) {
          return new SymbolLookup.Found(symbol);
        }
      }
      return new SymbolLookup.NotFound(name);
    }
    long address = ((SymbolLookup.ByAddress) request).address();
    for (KernelSymbolInfo symbol : all) {
      if (symbol.contains(address)) {
        return new SymbolLookup.Found(symbol);
      }
    }
    return new SymbolLookup.NotFound(Long.toHexString(address));
  }

  /** vmlinux first, then each module, with sizes. */
  static List<KernelSymbolInfo> symbols(SymbolTable table) {
    List<KernelSymbolInfo> all = new ArrayList<>(sized(table.kernelSymbols(), null));
    for (Map.Entry<String, List<KernelSymbol>> module : table.moduleSymbols().entrySet()) {
      all.addAll(sized(module.getValue(), module.getKey()));
    }
    return all;
  }

  private static List<KernelSymbolInfo> sized(List<KernelSymbol> symbols, String module) {
    List<KernelSymbol> sorted = new ArrayList<>(symbols);
    sorted.sort(Comparator.comparingLong(KernelSymbol::address));
    List<KernelSymbolInfo> sized = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      KernelSymbol symbol = sorted.get(i);
      long size = i + 1 < sorted.size()
          ? sorted.get(i + 1).address() - symbol.address() : LAST_SYMBOL_SIZE;
      sized.add(new KernelSymbolInfo(symbol.name(), symbol.address(), size, symbol.type(),
          module));
    }
    return sized;
  }
}
