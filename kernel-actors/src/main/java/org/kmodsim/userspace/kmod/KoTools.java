package org.kmodsim.userspace.kmod;

import org.kmodsim.kernel.module.elf.KoFormatException;
import org.kmodsim.kernel.module.elf.KoModule;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolOutput;

/** The kmod tools' handling of a real module file (.ko): modinfo's output and its errors. */
final class KoTools {
  private KoTools() {}

  /**
   * modinfo_path_do for a real module: kmod's output, or, for a file that does not read, kmod's
   * "could not get modinfo from 'NAME': Exec format error" (not ELF) or "Invalid argument".
   */
  static void modinfo(ToolOutput out, ModuleRepository.Found found, ModinfoOptions options) {
    KoModule ko;
    try {
      ko = found.ko();
    } catch (KoFormatException e) {
      if (!"filename".equals(options.field())) {
        out.out(field("filename:", found.shownPath(), options));
      }
      out.err(
          "modinfo: ERROR: could not get modinfo from '"
              + modname(found.fileName())
              + "': "
              + (e.notElf() ? "Exec format error" : "Invalid argument")
              + "\n");
      out.exit(1);
      return;
    }
    KoModinfo.Output output =
        KoModinfo.render(ko, found.shownPath(), options.field(), options.separator());
    output.errors().forEach(error -> out.err("modinfo: ERROR: " + error + "\n"));
    out.out(output.out());
  }

  private static String field(String key, String value, ModinfoOptions options) {
    return options.field() != null
        ? ""
        : key + " ".repeat(Math.max(0, 16 - key.length())) + value + options.separator();
  }

  /** path_to_modname: the base name up to its first '.', '-' read as '_'. */
  static String modname(String fileName) {
    String base = fileName.substring(fileName.lastIndexOf('/') + 1);
    int dot = base.indexOf('.');
    return (dot < 0 ? base : base.substring(0, dot)).replace('-', '_');
  }
}
