package org.kmodsim.kernel.kprobes;

/**
 * What kprobes learn about a symbol from kallsyms (kallsyms_lookup_name,
 * kallsyms_lookup_size_offset): its start, size, type letter and owner.
 *
 * @param module the owning module, or null for vmlinux
 */
public record KernelSymbolInfo(String name, long address, long size, char type, String module) {

  /** A text symbol (T/t): code that can be probed. */
  public boolean isText() {
    return type == 'T' || type == 't';
  }

  public boolean contains(long addr) {
    return addr >= address && addr < address + size;
  }
}
