package org.kmodsim.kernel.kallsyms;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;

/**
 * The representative vmlinux symbols of each era (a small System.map): name, nm type, export
 * macro, and the C declaration whose genksyms CRC the export carries. Addresses are laid out in
 * the order listed from _stext (0xffffffff81000000 on x86-64, 0xc0100000 on the 2.4 i386 kernel).
 *
 * <p>Facts per era: kallsyms_lookup_name is exported (GPL) from 2.6 to 5.6 and not after; in 6.x
 * {@code printk} is a macro around the exported {@code _printk}; flush_tlb_all is exported in 2.4
 * and 2.6 and not exported in later kernels modelled (the reason modules look it up by name);
 * module_layout (2.6: struct_module) is the synthetic symbol whose CRC fingerprints struct module.
 */
final class BuiltinSymbols {
  private BuiltinSymbols() {}

  /** One row: name, type, export (none, EXPORT_SYMBOL, _GPL, _NOVERS), declaration. */
  private record Row(String name, char type, String export, String declaration) {}

  static List<KernelSymbol> of(Era era) {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("_stext", 'T', "", ""));
    rows.add(new Row("do_one_initcall", 'T', "", "int do_one_initcall(initcall_t fn)"));
    if (era == Era.V6_X) {
      rows.add(new Row("_printk", 'T', "EXPORT_SYMBOL", "int _printk(const char *fmt, ...)"));
    } else {
      rows.add(new Row("printk", 'T', era == Era.V2_4 ? "EXPORT_SYMBOL" : "EXPORT_SYMBOL",
          "asmlinkage int printk(const char *fmt, ...)"));
    }
    rows.add(new Row("vprintk", 'T', "EXPORT_SYMBOL",
        "asmlinkage int vprintk(const char *fmt, va_list args)"));
    rows.add(new Row("flush_tlb_all", 'T', era.atLeast(Era.V4_X) ? "" : "EXPORT_SYMBOL",
        "void flush_tlb_all(void)"));
    if (era != Era.V2_4) {
      rows.add(new Row("kallsyms_lookup_name", 'T', era == Era.V6_X ? "" : "EXPORT_SYMBOL_GPL",
          "unsigned long kallsyms_lookup_name(const char *name)"));
      rows.add(new Row("kallsyms_on_each_symbol", 'T', era == Era.V6_X ? "" : "EXPORT_SYMBOL_GPL",
          "int kallsyms_on_each_symbol(int (*fn)(void *, const char *, unsigned long),"
              + " void *data)"));
    }
    rows.add(new Row(era == Era.V2_6 ? "struct_module" : "module_layout", 'T',
        era == Era.V2_4 ? "" : "EXPORT_SYMBOL",
        "void module_layout(struct module *mod, struct modversion_info *ver, "
            + "struct kernel_param *kp, struct kernel_symbol *ks)"));
    rows.add(new Row("__kmalloc", 'T', "EXPORT_SYMBOL",
        "void *__kmalloc(size_t size, gfp_t flags)"));
    rows.add(new Row("kfree", 'T', "EXPORT_SYMBOL", "void kfree(const void *objp)"));
    rows.add(new Row("memcpy", 'T', era == Era.V2_4 ? "EXPORT_SYMBOL_NOVERS" : "EXPORT_SYMBOL",
        "void *memcpy(void *to, const void *from, size_t len)"));
    rows.add(new Row("register_chrdev", 'T', "EXPORT_SYMBOL",
        "int register_chrdev(unsigned int major, const char *name, struct file_operations *fops)"));
    rows.add(new Row("unregister_chrdev", 'T', "EXPORT_SYMBOL",
        "void unregister_chrdev(unsigned int major, const char *name)"));
    if (era != Era.V2_4) {
      rows.add(new Row("try_module_get", 'T', "EXPORT_SYMBOL",
          "bool try_module_get(struct module *module)"));
      rows.add(new Row("module_put", 'T', "EXPORT_SYMBOL",
          "void module_put(struct module *module)"));
      rows.add(new Row("register_kprobe", 'T', "EXPORT_SYMBOL_GPL",
          "int register_kprobe(struct kprobe *p)"));
      rows.add(new Row("unregister_kprobe", 'T', "EXPORT_SYMBOL_GPL",
          "void unregister_kprobe(struct kprobe *p)"));
      rows.add(new Row("sysfs_create_file_ns", 'T', "EXPORT_SYMBOL_GPL",
          "int sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr, "
              + "const void *ns)"));
    }
    if (era == Era.V6_X) {
      rows.add(new Row("usb_stor_suspend", 'T', "EXPORT_SYMBOL_GPL:USB_STORAGE",
          "int usb_stor_suspend(struct usb_interface *iface, pm_message_t message)"));
    }
    rows.add(new Row("_etext", 'T', "", ""));
    rows.add(new Row("jiffies", 'D', "EXPORT_SYMBOL", "volatile unsigned long jiffies"));
    rows.add(new Row("init_task", 'D', era.atLeast(Era.V2_6) ? "EXPORT_SYMBOL" : "",
        "struct task_struct init_task"));
    rows.add(new Row("linux_banner", 'R', "", "const char linux_banner[]"));
    rows.add(new Row("modules_disabled", 'B', "", "int modules_disabled"));
    long base = era == Era.V2_4 ? 0xc0100000L : 0xffffffff81000000L;
    List<KernelSymbol> symbols = new ArrayList<>();
    long address = base;
    for (Row row : rows) {
      String export = row.export();
      String namespace = "";
      int colon = export.indexOf(':');
      if (colon >= 0) {
        namespace = export.substring(colon + 1);
        export = export.substring(0, colon);
      }
      boolean exported = !export.isEmpty();
      boolean versioned = exported && !export.endsWith("NOVERS");
      symbols.add(new KernelSymbol(row.name(), address, row.type(), null, exported,
          export.endsWith("_GPL"), namespace,
          versioned ? SymbolTable.crcOf(row.declaration()) : null));
      address += 0x1a0 + (row.name().length() * 0x10L);
    }
    return symbols;
  }

  /** The C name a module imports for {@code name}: in 6.x printk is a macro around _printk. */
  static String linkName(Era era, String name) {
    return era == Era.V6_X && name.equals("printk") ? "_printk" : name;
  }
}
