package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kmodsim.kernel.Era;

/**
 * A representative slice of vmlinux's symbol table (System.map of an x86-64 kernel of the era):
 * the functions scenarios call and probe, the ones the kprobe blacklist names, and a data symbol.
 * Addresses are consecutive, so an offset past a function's end lands in the next one, as in a
 * real kernel. It stands in for the symbol registry until that is bound.
 */
public final class BuiltinKernelText {
  /**
   * Above the symbol registry's own vmlinux symbols (which start at _stext, 0xffffffff81000000),
   * so that both tables can serve one machine without overlapping.
   */
  private static final long TEXT_START = 0xffffffff81100000L;

  /** name, size, type; an era-specific name is "2.6-name|4.x-name|6.x-name". */
  private static final String[][] TABLE = {
    {"do_int3|do_int3|exc_int3", "0x90", "T"},
    {"do_debug|do_debug|exc_debug", "0x1a0", "T"},
    {"do_page_fault|do_page_fault|exc_page_fault", "0x3d0", "T"},
    {"notifier_call_chain", "0x80", "t"},
    {"atomic_notifier_call_chain", "0x40", "T"},
    {"__switch_to", "0x4b0", "T"},
    {"preempt_schedule", "0x60", "T"},
    {"kprobe_handler", "0x200", "t"},
    {"kprobe_exceptions_notify", "0x70", "T"},
    {"get_kprobe", "0x50", "T"},
    {"aggr_pre_handler", "0x90", "t"},
    {"aggr_post_handler", "0x70", "t"},
    {"pre_handler_kretprobe", "0x120", "t"},
    {"do_fork|_do_fork|kernel_clone", "0x380", "T"},
    {"schedule", "0xa0", "T"},
    {"printk|printk|_printk", "0x60", "T"},
    {"flush_tlb_all", "0x30", "T"},
    {"kallsyms_lookup_name", "0xa0", "T"},
    {"vfs_read", "0x170", "T"},
    {"vfs_write", "0x1b0", "T"},
    {"do_sys_open", "0x1f0", "T"},
    {"do_exit", "0x940", "T"},
    {"msleep", "0x40", "T"},
    {"kfree", "0x1a0", "T"},
    {"__kmalloc", "0x220", "T"},
  };

  private static final long JIFFIES = 0xffffffff82a05000L;

  private final List<KernelSymbolInfo> symbols;

  private BuiltinKernelText(List<KernelSymbolInfo> symbols) {
    this.symbols = List.copyOf(symbols);
  }

  public static BuiltinKernelText of(Era era) {
    List<KernelSymbolInfo> symbols = new ArrayList<>();
    long address = TEXT_START;
    int column = era.atLeast(Era.V6_X) ? 2 : era.atLeast(Era.V4_X) ? 1 : 0;
    for (String[] row : TABLE) {
      String[] names = row[0].split("\\|");
      String name = names.length == 3 ? names[column] : names[0];
      long size = Long.decode(row[1]);
      symbols.add(new KernelSymbolInfo(name, address, size, row[2].charAt(0), null));
      address += (size + 0xf) & ~0xfL; // functions are 16-byte aligned
    }
    symbols.add(new KernelSymbolInfo("jiffies", JIFFIES, 8, 'D', null));
    return new BuiltinKernelText(symbols);
  }

  public List<KernelSymbolInfo> symbols() {
    return symbols;
  }

  public Optional<KernelSymbolInfo> byName(String name) {
    return symbols.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<KernelSymbolInfo> byAddress(long address) {
    return symbols.stream().filter(s -> s.contains(address)).findFirst();
  }
}
