package org.kmodsim.userspace.kmod;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kmodsim.kernel.module.elf.KoModule;

/**
 * depmod's kernel symbols and {@code -e} (kmod 30 tools/depmod.c): {@code -E FILE}
 * (depmod_load_symvers: each line's first three tokens by {@code " \t"}, only those whose third is
 * exactly {@code vmlinux}, the CRC by strtoull base 16), {@code -F FILE} (depmod_load_system_map:
 * the third field of each line that begins with {@code __ksymtab_}, CRC 0), both followed by
 * depmod_add_fake_syms; then depmod_load_modules (each module's exports, in modules.order order,
 * replace what was there: hash_add) and depmod_load_module_dependencies (each undefined symbol in
 * symbol-table order, then the __versions entries no symbol named, as
 * kmod_elf_get_dependency_symbols lists them): {@code %s needs unknown symbol %s} and, with {@code
 * -E}, {@code %s disagrees about version of symbol %s}, for symbols that are not weak. Pure.
 */
final class DepmodSymbols {
  private DepmodSymbols() {}

  /** One module as depmod_load reads it: its full path (mod->path) and its ELF. */
  record Checked(String path, KoModule ko) {}

  private static final Pattern HEX = Pattern.compile("[+-]?(?:0[xX])?([0-9a-fA-F]+)");

  /** The lines of {@code text} as fgets returns them: each with its newline, if it has one. */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      int end = nl < 0 ? text.length() : nl + 1;
      lines.add(text.substring(from, end));
      from = end;
    }
    return lines;
  }

  /**
   * depmod_load_symvers: the vmlinux symbols of a Module.symvers and their CRCs.
   *
   * @param errors receives ERR's lines, without "depmod: "
   */
  static Map<String, Long> symvers(String text, String filename, char prefix, List<String> errors) {
    Map<String, Long> symbols = new HashMap<>();
    int linenum = 0;
    for (String line : lines(text)) {
      linenum++;
      String[] tokens = line.replaceFirst("^[ \\t]+", "").split("[ \\t]+", -1);
      if (tokens.length < 3 || tokens[2].isEmpty() || !tokens[2].equals("vmlinux")) {
        continue;
      }
      Matcher hex = HEX.matcher(tokens[0]);
      if (!hex.matches()) {
        // %m: errno as an earlier call left it; the model says Success
        errors.add(
            "ERROR: "
                + filename
                + ":"
                + linenum
                + " Invalid symbol version "
                + tokens[0]
                + ": Success");
        continue;
      }
      add(symbols, tokens[1], false, crc(tokens[0], hex.group(1)), prefix);
    }
    fake(symbols);
    return symbols;
  }

  /** strtoull(ver, &end, 16): a sign wraps, a value past 64 bits is ULLONG_MAX. */
  private static long crc(String token, String digits) {
    BigInteger value = new BigInteger(digits, 16);
    if (value.bitLength() > 64) {
      return -1L;
    }
    long crc = value.longValue();
    return token.startsWith("-") ? -crc : crc;
  }

  /** depmod_load_system_map: the {@code __ksymtab_} symbols of a System.map. */
  static Map<String, Long> systemMap(
      String text, String filename, char prefix, List<String> errors) {
    Map<String, Long> symbols = new HashMap<>();
    int linenum = 0;
    for (String line : lines(text)) {
      linenum++;
      int first = line.indexOf(' ');
      int second = first < 0 ? -1 : line.indexOf(' ', first + 1);
      if (second < 0) {
        // the line keeps its newline: ERR's own "\n" makes an empty line after it
        errors.add("ERROR: " + filename + ":" + linenum + ": invalid line: " + line);
        continue;
      }
      String p = line.substring(second + 1);
      if (prefix != '\0' && !p.isEmpty() && p.charAt(0) == prefix) {
        p = p.substring(1);
      }
      if (!p.startsWith("__ksymtab_")) {
        continue;
      }
      int nl = p.indexOf('\n');
      add(symbols, (nl < 0 ? p : p.substring(0, nl)).substring(10), true, 0L, prefix);
    }
    fake(symbols);
    return symbols;
  }

  /** depmod_add_fake_syms. */
  private static void fake(Map<String, Long> symbols) {
    symbols.put("__this_module", 0L);
    symbols.put("_GLOBAL_OFFSET_TABLE_", 0L);
    symbols.putIfAbsent("TOC.", 0L);
  }

  /** depmod_symbol_add: the prefix skipped unless it already is; a name added again replaces. */
  private static void add(
      Map<String, Long> symbols, String name, boolean prefixSkipped, long crc, char prefix) {
    String key =
        !prefixSkipped && !name.isEmpty() && name.charAt(0) == prefix ? name.substring(1) : name;
    symbols.put(key, crc);
  }

  /** depmod_symbol_find: a leading '.' (PPC64), then the prefix, skipped. */
  private static Long find(Map<String, Long> symbols, String name, char prefix) {
    String key = name.startsWith(".") ? name.substring(1) : name;
    if (!key.isEmpty() && key.charAt(0) == prefix) {
      key = key.substring(1);
    }
    return symbols.get(key);
  }

  /**
   * The WARNING lines (without "depmod: ") of {@code -e} with the kernel's symbols.
   *
   * @param modules in depmod's order (modules.order)
   * @param crcs {@code -E} was given (cfg.check_symvers)
   */
  static List<String> check(
      Map<String, Long> kernel, boolean crcs, List<Checked> modules, char prefix) {
    Map<String, Long> symbols = new HashMap<>(kernel);
    for (Checked module : modules) {
      for (KoModule.Export export : module.ko().exports()) {
        long crc = export.crc() == null ? 0L : export.crc();
        add(symbols, export.symbol(), false, crc, prefix);
      }
    }
    List<String> warnings = new ArrayList<>();
    for (Checked module : modules) {
      for (KoModule.DependencySymbol dep : module.ko().dependencySymbols()) {
        Long have = find(symbols, dep.symbol(), prefix);
        if (have == null) {
          if (!dep.weak()) {
            warnings.add("WARNING: " + module.path() + " needs unknown symbol " + dep.symbol());
          }
        } else if (crcs && have.longValue() != dep.crc() && !dep.weak()) {
          warnings.add(
              "WARNING: " + module.path() + " disagrees about version of symbol " + dep.symbol());
        }
      }
    }
    return warnings;
  }
}
