package org.kmodsim.userspace.modutils;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kmodsim.kernel.module.License;
import org.kmodsim.kernel.module.ModuleDefinition;

/**
 * 2.4 user-space linking (modutils insmod, obj_kallsyms): each undefined symbol of the module is
 * looked up in /proc/ksyms under its versioned name ({@code printk_R1b7d4074}, or the plain name of
 * an EXPORT_SYMBOL_NOVERS); {@code GPLONLY_} exports only for GPL-compatible modules. And the texts
 * modutils 2.4.27 prints (insmod/insmod.c, util/logger.c: {@code error()} writes "FILE: text" on
 * stderr, {@code lprintf()} plain text on stdout). Pure.
 */
public final class Modutils24 {
  private Modutils24() {}

  /** The page modutils' set_tainted points to, once per run. */
  static final String TAINT_URL = "http://www.tux.org/lkml/#export-tainted";

  /**
   * obj_relocate of the image at the address create_module returned: user time per KiB of image
   * (1.6 us for a 16 KiB module), the window in which the module is listed (uninitialized).
   */
  static final long RELOCATE_NANOS_PER_KIB = 100;

  /** modutils' insmod/insmod.c insmod_usage(), on stderr before its exit(1). */
  static String insmodUsage() {
    return "Usage:\n"
        + "insmod [-fhkLmnpqrsSvVxXyY] [-e persist_name] [-o module_name] [-O blob_name]"
        + " [-P prefix] module [ symbol=value ... ]\n"
        + "\n"
        + "  module                Name of a loadable kernel module ('.o' can be omitted)\n"
        + "  -f, --force           Force loading under wrong kernel version\n"
        + "  -h, --help            Print this message\n"
        + "  -k, --autoclean       Make module autoclean-able\n"
        + "  -L, --lock            Prevent simultaneous loads of the same module\n"
        + "  -m, --map             Generate load map (so crashes can be traced)\n"
        + "  -n, --noload          Don't load, just show\n"
        + "  -p, --probe           Probe mode; check if the module matches the kernel\n"
        + "  -q, --quiet           Don't print unresolved symbols\n"
        + "  -r, --root            Allow root to load modules not owned by root\n"
        + "  -s, --syslog          Report errors via syslog\n"
        + "  -S, --kallsyms        Force kallsyms on module\n"
        + "  -v, --verbose         Verbose output\n"
        + "  -V, --version         Show version\n"
        + "  -x, --noexport        Do not export externs\n"
        + "  -X, --export          Do export externs (default)\n"
        + "  -y, --noksymoops      Do not add ksymoops symbols\n"
        + "  -Y, --ksymoops        Do add ksymoops symbols (default)\n"
        + "  -e persist_name\n"
        + "      --persist=persist_name Filename to hold any persistent data from the module\n"
        + "  -o NAME, --name=NAME  Set internal module name to NAME\n"
        + "  -O NAME, --blob=NAME  Save the object as a binary blob in NAME\n"
        + "  -P PREFIX\n"
        + "      --prefix=PREFIX   Prefix for kernel or module symbols\n";
  }

  /** After the unresolved symbols of a module without a GPL-compatible licence (error()). */
  /** obj_check_undefineds' errors: each unresolved symbol, then the license hint if any. */
  static String unresolved(String file, List<String> symbols, String license, String ksyms) {
    StringBuilder out = new StringBuilder();
    symbols.forEach(symbol -> out.append(file + ": unresolved symbol " + symbol + "\n"));
    return out + (License.gplCompatible(license) ? "" : unresolvedHint(file, gplonlySeen(ksyms)));
  }

  static String unresolvedHint(String file, boolean gplonlySeen) {
    String text =
        gplonlySeen
            ? "Hint: You are trying to load a module without a GPL compatible license\n"
                + "      and it has unresolved symbols.  The module may be trying to access\n"
                + "      GPLONLY symbols but the problem is more likely to be a coding or\n"
                + "      user error.  Contact the module supplier for assistance, only they\n"
                + "      can help you.\n"
            : "Hint: You are trying to load a module without a GPL compatible license\n"
                + "      and it has unresolved symbols.  Contact the module supplier for\n"
                + "      assistance, only they can help you.\n";
    return file + ": \n" + text + "\n";
  }

  /** After a failed init_module (lprintf, stdout). */
  static final String INIT_MODULE_HINT =
      "Hint: insmod errors can be caused by incorrect module"
          + " parameters, including invalid IO or IRQ parameters.\n"
          + "      You may find more information in syslog or the output from dmesg\n";

  /**
   * check_tainted_module: the stdout warnings (no licence, a non-GPL licence, a forced load), the
   * first followed by where to read about taints. Empty when the load taints nothing.
   */
  static List<String> taintWarnings(String file, String license, boolean forced) {
    List<String> reasons = new ArrayList<>();
    if (license == null) {
      reasons.add("no license");
    } else if (!License.gplCompatible(license)) {
      reasons.add("non-GPL license - " + license);
    }
    if (forced) {
      reasons.add("forced load");
    }
    List<String> lines = new ArrayList<>();
    for (String reason : reasons) {
      lines.add("Warning: loading " + file + " will taint the kernel: " + reason + "\n");
      if (lines.size() == 1) {
        lines.add("  See " + TAINT_URL + " for information about tainted modules\n");
      }
    }
    return lines;
  }

  /** Whether /proc/ksyms lists a GPL-only export (modutils' gplonly_seen). */
  static boolean gplonlySeen(String ksyms) {
    return ksyms.contains(" GPLONLY_");
  }

  /** The exporting modules used (the image's deps) and the names that did not resolve. */
  public record Resolution(List<String> owners, List<String> unresolved) {}

  public static Resolution resolve(ModuleDefinition def, String ksyms) {
    boolean gpl = License.gplCompatible(def.license());
    Set<String> owners = new LinkedHashSet<>();
    List<String> unresolved = new ArrayList<>();
    for (ModuleDefinition.Import imported : def.imports()) {
      String owner = null;
      boolean found = false;
      for (String line : ksyms.split("\n")) {
        String[] fields = line.split("[ \t]+");
        if (fields.length < 2) {
          continue;
        }
        String name = fields[1];
        if (name.startsWith("GPLONLY_")) {
          if (!gpl) {
            continue;
          }
          name = name.substring(8);
        }
        if (matches(name, imported)) {
          found = true;
          owner = fields.length > 2 ? fields[2].replace("[", "").replace("]", "") : null;
          break;
        }
      }
      if (!found) {
        if (!imported.weak()) {
          unresolved.add(
              imported.crc() == null
                  ? imported.symbol()
                  : imported.symbol() + "_R" + String.format("%08x", imported.crc()));
        }
      } else if (owner != null) {
        owners.add(owner);
      }
    }
    return new Resolution(List.copyOf(owners), unresolved);
  }

  /** The versioned name the module was built with; any version if built against this kernel. */
  private static boolean matches(String exported, ModuleDefinition.Import imported) {
    String symbol = imported.symbol();
    if (exported.equals(symbol)) {
      return true;
    }
    if (!exported.startsWith(symbol + "_R") || exported.length() != symbol.length() + 10) {
      return false;
    }
    return imported.crc() == null || exported.endsWith(String.format("%08x", imported.crc()));
  }
}
