package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.kallsyms.SymbolTable;

/**
 * The functions the kernel refuses to probe (kernel/kprobes.c populate_kprobe_blacklist,
 * NOKPROBE_SYMBOL, the {@code .kprobes.text} section, and the arch kretprobe_blacklist): the int3
 * and debug exception entries, the page-fault handler, the notifier chain they run through, and
 * kprobes' own code. A suffixed copy ({@code foo.cold}, {@code foo.isra.0}) is blacklisted when its
 * base name is.
 */
public final class Blacklist {
  private static final Set<String> KPROBES_CODE =
      Set.of(
          "kprobe_handler",
          "kprobe_exceptions_notify",
          "get_kprobe",
          "aggr_pre_handler",
          "aggr_post_handler",
          "pre_handler_kretprobe",
          "notifier_call_chain",
          "atomic_notifier_call_chain");

  private final List<String> names;
  private final Set<String> kretprobeNames;

  private Blacklist(List<String> names, Set<String> kretprobeNames) {
    this.names = List.copyOf(names);
    this.kretprobeNames = Set.copyOf(kretprobeNames);
  }

  /** The blacklist of the era, in the order the debugfs file lists it. */
  public static Blacklist of(Era era) {
    List<String> names = new ArrayList<>();
    if (era.atLeast(Era.V6_X)) {
      names.addAll(List.of("exc_int3", "exc_debug", "exc_page_fault"));
    } else {
      names.addAll(List.of("do_int3", "do_debug", "do_page_fault"));
    }
    names.addAll(KPROBES_CODE.stream().sorted().toList());
    if (!era.atLeast(Era.V4_X)) {
      names.add("preempt_schedule"); // the 2.6 name table (kprobe_blacklist[])
    }
    return new Blacklist(names, Set.of("__switch_to"));
  }

  public List<String> names() {
    return names;
  }

  /** within_kprobe_blacklist(): by the symbol containing the address, suffixes included. */
  public boolean contains(String symbol) {
    return names.contains(baseName(symbol));
  }

  /** The arch kretprobe_blacklist (x86: __switch_to). */
  public boolean refusesKretprobe(String symbol) {
    return kretprobeNames.contains(baseName(symbol));
  }

  /**
   * populate_kprobe_blacklist against kallsyms: each blacklisted function's [start, end), in
   * address order, as the debugfs file lists them. Run by kallsyms against its table.
   */
  record Resolve(List<String> names) implements Kallsyms.Query<Resolved> {
    Resolve {
      names = List.copyOf(names);
    }

    @Override
    public Resolved answer(SymbolTable table) {
      List<KprobeDebugfs.BlacklistRange> ranges = new ArrayList<>();
      for (String name : names) {
        KernelSymbol symbol = table.find(name);
        if (symbol != null) {
          ranges.add(
              new KprobeDebugfs.BlacklistRange(
                  symbol.address(), symbol.address() + symbol.size(), symbol.name()));
        }
      }
      ranges.sort((a, b) -> Long.compare(a.start(), b.start()));
      return new Resolved(ranges);
    }
  }

  /** The resolved blacklist ranges. */
  record Resolved(List<KprobeDebugfs.BlacklistRange> ranges) {
    Resolved {
      ranges = List.copyOf(ranges);
    }
  }

  static String baseName(String symbol) {
    int dot = symbol.indexOf('.');
    return dot > 0 ? symbol.substring(0, dot) : symbol;
  }
}
