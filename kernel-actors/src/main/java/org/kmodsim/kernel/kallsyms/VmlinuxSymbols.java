package org.kmodsim.kernel.kallsyms;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.kmodsim.kernel.Era;

/**
 * vmlinux's symbol table (a small System.map of each era): the representative exported and
 * unexported functions and data, with nm type, export macro, and the C declaration whose genksyms
 * CRC the export carries; plus the functions the kprobes model calls, probes and blacklists
 * (vfs_read, the int3 and page-fault entries, kprobes' own code). Every text symbol lies in
 * [_stext, _etext); data follows _etext.
 *
 * <p>Layout: the first group is laid out in the order listed from _stext (0xffffffff81000000 on
 * x86-64, 0xc0100000 on the 2.4 i386 kernel); the kprobes group from 0xffffffff81100000 (2.4:
 * 0xc0200000), 16-byte aligned with the sizes listed, so an offset past a function's end lands in
 * the next one, as in a real kernel. On x86-64 a function of both groups (printk, kfree,
 * flush_tlb_all, ...) lives at its kprobes-group address; the 2.4 kernel keeps its first-group
 * address. Data starts at 0xffffffff82a05000 (2.4: right after _etext).
 *
 * <p>Facts per era: kallsyms_lookup_name is exported (GPL) from 2.6 to 5.6 and not after; in 6.x
 * {@code printk} is a macro around the exported {@code _printk}; flush_tlb_all is exported in 2.4
 * and 2.6 and not exported in later kernels modelled (the reason modules look it up by name);
 * module_layout (struct_module before 2.6.28) is the synthetic symbol whose CRC fingerprints struct
 * module; the exception entries are do_int3/do_debug/do_page_fault until 5.x, exc_* in 6.x.
 */
final class VmlinuxSymbols {
  private VmlinuxSymbols() {}

  /** One row: name, type, export (none, EXPORT_SYMBOL, _GPL, _NOVERS), declaration. */
  private record Row(String name, char type, String export, String declaration) {}

  /** The kprobes group: name, size, type; an era-specific name is "2.6-name|4.x-name|6.x-name". */
  private static final String[][] KPROBES_GROUP = {
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

  private static final java.util.Map<Era, List<KernelSymbol>> BUILT =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The era's vmlinux symbols in address order; laid out once per JVM (the list is immutable). */
  static List<KernelSymbol> of(Era era) {
    return BUILT.computeIfAbsent(era, e -> List.copyOf(build(e)));
  }

  private static List<KernelSymbol> build(Era era) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("_stext", 'T', "", ""));
    rows.add(new Row("do_one_initcall", 'T', "", "int do_one_initcall(initcall_t fn)"));
    if (era == Era.V6_X) {
      rows.add(new Row("_printk", 'T', "EXPORT_SYMBOL", "int _printk(const char *fmt, ...)"));
    } else {
      rows.add(
          new Row(
              "printk",
              'T',
              era == Era.V2_4 ? "EXPORT_SYMBOL" : "EXPORT_SYMBOL",
              "asmlinkage int printk(const char *fmt, ...)"));
    }
    rows.add(
        new Row(
            "vprintk",
            'T',
            "EXPORT_SYMBOL",
            "asmlinkage int vprintk(const char *fmt, va_list args)"));
    rows.add(
        new Row(
            "flush_tlb_all",
            'T',
            era.atLeast(Era.V4_X) ? "" : "EXPORT_SYMBOL",
            "void flush_tlb_all(void)"));
    if (era != Era.V2_4) {
      rows.add(
          new Row(
              "kallsyms_lookup_name",
              'T',
              era == Era.V6_X ? "" : "EXPORT_SYMBOL_GPL",
              "unsigned long kallsyms_lookup_name(const char *name)"));
      rows.add(
          new Row(
              "kallsyms_on_each_symbol",
              'T',
              era == Era.V6_X ? "" : "EXPORT_SYMBOL_GPL",
              "int kallsyms_on_each_symbol(int (*fn)(void *, const char *, unsigned long),"
                  + " void *data)"));
    }
    rows.add(
        new Row(
            "module_layout",
            'T',
            era == Era.V2_4 ? "" : "EXPORT_SYMBOL",
            "void module_layout(struct module *mod, struct modversion_info *ver, "
                + "struct kernel_param *kp, struct kernel_symbol *ks)"));
    rows.add(
        new Row("__kmalloc", 'T', "EXPORT_SYMBOL", "void *__kmalloc(size_t size, gfp_t flags)"));
    rows.add(new Row("kfree", 'T', "EXPORT_SYMBOL", "void kfree(const void *objp)"));
    rows.add(
        new Row(
            "memcpy",
            'T',
            era == Era.V2_4 ? "EXPORT_SYMBOL_NOVERS" : "EXPORT_SYMBOL",
            "void *memcpy(void *to, const void *from, size_t len)"));
    rows.add(
        new Row(
            "register_chrdev",
            'T',
            "EXPORT_SYMBOL",
            "int register_chrdev(unsigned int major, const char *name, struct file_operations *fops)"));
    rows.add(
        new Row(
            "unregister_chrdev",
            'T',
            "EXPORT_SYMBOL",
            "void unregister_chrdev(unsigned int major, const char *name)"));
    if (era != Era.V2_4) {
      rows.add(
          new Row(
              "try_module_get",
              'T',
              "EXPORT_SYMBOL",
              "bool try_module_get(struct module *module)"));
      rows.add(
          new Row("module_put", 'T', "EXPORT_SYMBOL", "void module_put(struct module *module)"));
      rows.add(
          new Row(
              "register_kprobe",
              'T',
              "EXPORT_SYMBOL_GPL",
              "int register_kprobe(struct kprobe *p)"));
      rows.add(
          new Row(
              "unregister_kprobe",
              'T',
              "EXPORT_SYMBOL_GPL",
              "void unregister_kprobe(struct kprobe *p)"));
      rows.add(
          new Row(
              "sysfs_create_file_ns",
              'T',
              "EXPORT_SYMBOL_GPL",
              "int sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr, "
                  + "const void *ns)"));
    }
    if (era == Era.V6_X) {
      rows.add(
          new Row(
              "usb_stor_suspend",
              'T',
              "EXPORT_SYMBOL_GPL:USB_STORAGE",
              "int usb_stor_suspend(struct usb_interface *iface, pm_message_t message)"));
    }
    List<Row> data = new ArrayList<>();
    data.add(new Row("jiffies", 'D', "EXPORT_SYMBOL", "volatile unsigned long jiffies"));
    data.add(
        new Row(
            "init_task",
            'D',
            era.atLeast(Era.V2_6) ? "EXPORT_SYMBOL" : "",
            "struct task_struct init_task"));
    data.add(new Row("linux_banner", 'R', "", "const char linux_banner[]"));
    data.add(new Row("modules_disabled", 'B', "", "int modules_disabled"));
    return layout(era, rows, data);
  }

  private static List<KernelSymbol> layout(Era era, List<Row> text, List<Row> data) {
    boolean i386 = era == Era.V2_4;
    long address = i386 ? 0xc0100000L : 0xffffffff81000000L;
    TreeMap<String, KernelSymbol> byName = new TreeMap<>();
    List<KernelSymbol> symbols = new ArrayList<>();
    for (Row row : text) {
      long size = spacing(row);
      KernelSymbol symbol = symbol(era, row, address, size);
      symbols.add(symbol);
      byName.put(row.name(), symbol);
      address += size;
    }
    address = i386 ? 0xc0200000L : 0xffffffff81100000L;
    int column = era.atLeast(Era.V6_X) ? 2 : era.atLeast(Era.V4_X) ? 1 : 0;
    for (String[] row : KPROBES_GROUP) {
      String[] names = row[0].split("\\|");
      String name = names.length == 3 ? names[column] : names[0];
      long size = Long.decode(row[1]);
      KernelSymbol known = byName.get(name);
      if (known == null) {
        symbols.add(KernelSymbol.local(name, address, size, row[2].charAt(0), null));
      } else if (!i386) {
        symbols.set(symbols.indexOf(known), known.at(address, size));
      }
      address += (size + 0xf) & ~0xfL; // functions are 16-byte aligned
    }
    symbols.add(KernelSymbol.local("_etext", address, 0, 'T', null));
    address = i386 ? address + spacing(new Row("_etext", 'T', "", "")) : 0xffffffff82a05000L;
    for (Row row : data) {
      symbols.add(symbol(era, row, address, spacing(row)));
      address += spacing(row);
    }
    symbols.sort(Comparator.comparingLong(KernelSymbol::address));
    return symbols;
  }

  /** The first group's spacing: a function's (or object's) size grows with its name. */
  private static long spacing(Row row) {
    return 0x1a0 + (row.name().length() * 0x10L);
  }

  private static KernelSymbol symbol(Era era, Row row, long address, long size) {
    String export = row.export();
    String namespace = "";
    int colon = export.indexOf(':');
    if (colon >= 0) {
      namespace = export.substring(colon + 1);
      export = export.substring(0, colon);
    }
    boolean exported = !export.isEmpty();
    boolean versioned = exported && !export.endsWith("NOVERS");
    return new KernelSymbol(
        row.name(),
        address,
        row.type(),
        null,
        exported,
        export.endsWith("_GPL"),
        namespace,
        versioned ? SymbolTable.crcOf(row.declaration()) : null,
        size);
  }

  /** The C name a module imports for {@code name}: in 6.x printk is a macro around _printk. */
  static String linkName(Era era, String name) {
    return era == Era.V6_X && name.equals("printk") ? "_printk" : name;
  }
}
