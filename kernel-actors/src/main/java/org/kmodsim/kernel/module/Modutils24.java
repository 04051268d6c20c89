package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * 2.4 user-space linking (modutils insmod, obj_kallsyms): each undefined symbol of the module is
 * looked up in /proc/ksyms under its versioned name ({@code printk_R1b7d4074}, or the plain name
 * of an EXPORT_SYMBOL_NOVERS); {@code GPLONLY_} exports only for GPL-compatible modules. Pure.
 */
public final class Modutils24 {
  private Modutils24() {}

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
          unresolved.add(imported.crc() == null ? imported.symbol()
              : imported.symbol() + "_R" + String.format("%08x", imported.crc()));
        }
      } else if (owner != null) {
        owners.add(owner);
      }
    }
    return new Resolution(List.copyOf(owners), unresolved);
  }

  /** The versioned name the module was built with, or any version when built against this kernel. */
  private static boolean matches(String exported, ModuleDefinition.Import imported) {
    String symbol = imported.symbol();
    if (exported.equals(symbol)) {
      return true;
    }
    if (!exported.startsWith(symbol + "_R") || exported.length() != symbol.length() + 10) {
      return false;
    }
    return imported.crc() == null
        || exported.endsWith(String.format("%08x", imported.crc()));
  }
}
