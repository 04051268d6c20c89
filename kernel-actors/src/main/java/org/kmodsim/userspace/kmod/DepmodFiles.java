package org.kmodsim.userspace.kmod;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.module.elf.KoModule;

/**
 * The ten files depmod writes into /lib/modules/VERSION, in depmod_output's order (tools/depmod.c):
 * modules.dep, modules.dep.bin, modules.alias, modules.alias.bin, modules.softdep, modules.symbols,
 * modules.symbols.bin, modules.builtin.bin, modules.builtin.alias.bin, modules.devname. The text
 * files are {@link KoDepmod}'s and {@link KoDepmodIndexes}'s; the {@code .bin} files are {@link
 * DepmodIndex} tries keyed as output_deps_bin, output_aliases_bin, output_symbols_bin,
 * output_builtin_bin (modules.builtin) and output_builtin_alias_bin (modules.builtin.modinfo) build
 * them, each value's priority its module's place in the sorted array. Pure.
 */
public final class DepmodFiles {
  private DepmodFiles() {}

  /**
   * Every file by name, in the order depmod writes them.
   *
   * @param builtin modules.builtin, or null without one (then modules.builtin.bin is empty)
   * @param builtinModinfo modules.builtin.modinfo, or null
   * @param errors receives depmod's ERROR and WARNING lines (without the "depmod: " prefix)
   */
  public static Map<String, byte[]> all(
      Depmod.Result result, byte[] builtin, byte[] builtinModinfo, List<String> errors) {
    return all(result, builtin, builtinModinfo, errors, false);
  }

  /**
   * The same; {@code warnDups} is {@code -w} (cfg.warn_dups): output_aliases_bin's "duplicate
   * module alias" for an alias a module lists twice. output_deps_bin's and output_symbols_bin's
   * duplicates cannot happen here: each module name has one line, each symbol one owner.
   */
  public static Map<String, byte[]> all(
      Depmod.Result result,
      byte[] builtin,
      byte[] builtinModinfo,
      List<String> errors,
      boolean warnDups) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, String> text = result.indexes();
    List<KoDepmod.Module> sorted = result.sorted();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      index.put(KoTools.modname(sorted.get(i).path()), i);
    }
    files.put("modules.dep", bytes(Depmod.render(result)));
    files.put("modules.dep.bin", depBin(Depmod.render(result)));
    files.put("modules.alias", bytes(text.getOrDefault("modules.alias", "")));
    files.put("modules.alias.bin", aliasBin(sorted, errors, warnDups));
    files.put("modules.softdep", bytes(text.getOrDefault("modules.softdep", "")));
    files.put("modules.symbols", bytes(text.getOrDefault("modules.symbols", "")));
    DepmodIndex symbols = new DepmodIndex();
    for (Map.Entry<String, String> owner : KoDepmodIndexes.symbolOwners(sorted)) {
      symbols.insert("symbol:" + owner.getKey(), owner.getValue(), index.get(owner.getValue()));
    }
    files.put("modules.symbols.bin", symbols.write());
    files.put("modules.builtin.bin", builtin == null ? new byte[0] : builtinBin(builtin, errors));
    files.put(
        "modules.builtin.alias.bin",
        builtinModinfo == null ? new byte[0] : builtinAliasBin(builtinModinfo, errors));
    files.put("modules.devname", bytes(text.getOrDefault("modules.devname", "")));
    return files;
  }

  /** output_deps_bin: each module name to its modules.dep line, priority its line number. */
  static byte[] depBin(String modulesDep) {
    DepmodIndex idx = new DepmodIndex();
    int i = 0;
    for (String line : modulesDep.lines().toList()) {
      idx.insert(KoTools.modname(line.substring(0, line.indexOf(':'))), line, i++);
    }
    return idx.write();
  }

  /** output_aliases_bin: each normalized alias to its module's name. */
  static byte[] aliasBin(List<KoDepmod.Module> sorted, List<String> errors, boolean warnDups) {
    DepmodIndex idx = new DepmodIndex();
    for (int i = 0; i < sorted.size(); i++) {
      String modname = KoTools.modname(sorted.get(i).path());
      for (KoModule.Info info : sorted.get(i).modinfo()) {
        if (!info.key().equals("alias")) {
          continue;
        }
        String alias = aliasNormalize(info.value());
        if (alias == null) {
          errors.add("WARNING: Unmatched bracket in " + info.value());
          continue;
        }
        if (idx.insert(alias, modname, i) && warnDups) {
          errors.add("WARNING: duplicate module alias:\n" + alias + " " + modname);
        }
      }
    }
    return idx.write();
  }

  /** output_builtin_bin: each line's module name (path_to_modname), with an empty value. */
  static byte[] builtinBin(byte[] builtin, List<String> errors) {
    DepmodIndex idx = new DepmodIndex();
    String all = new String(builtin, StandardCharsets.ISO_8859_1);
    int from = 0;
    while (from < all.length()) {
      int nl = all.indexOf('\n', from);
      String line = nl < 0 ? all.substring(from) : all.substring(from, nl + 1);
      from = nl < 0 ? all.length() : nl + 1;
      if (!Character.isLetter(line.charAt(0)) || line.charAt(0) > 'z') {
        errors.add("ERROR: Invalid modules.builtin line: " + line);
        continue;
      }
      String base = line.substring(line.lastIndexOf('/') + 1);
      idx.insert(normalize(base), "", 0);
    }
    return idx.write();
  }

  /**
   * output_builtin_alias_bin: the {@code MODNAME.alias=VALUE} strings of modules.builtin.modinfo,
   * each normalized alias to MODNAME; read as its flush_stream_to calls read the stream.
   */
  static byte[] builtinAliasBin(byte[] modinfo, List<String> errors) {
    DepmodIndex idx = new DepmodIndex();
    int[] at = {0};
    while (at[0] < modinfo.length) {
      String modname = readTo(modinfo, at, '.');
      if (modname.isEmpty()) {
        continue;
      }
      String key = readTo(modinfo, at, '=');
      if (!key.equals("alias")) {
        readTo(modinfo, at, '\0');
        continue;
      }
      String value = readTo(modinfo, at, '\0');
      if (value.isEmpty()) {
        continue;
      }
      String alias = aliasNormalize(value);
      if (alias == null) {
        errors.add("WARNING: Unmatched bracket in " + value);
        continue;
      }
      idx.insert(alias, modname, 0);
    }
    return idx.write();
  }

  /** flush_stream_to: up to {@code end}, a NUL or the end; what it read only if it met end. */
  private static String readTo(byte[] data, int[] at, char end) {
    int start = at[0];
    int i = start;
    while (i < data.length && data[i] != end && data[i] != 0) {
      i++;
    }
    boolean met = i < data.length && data[i] == end;
    at[0] = Math.min(i + 1, data.length);
    return met ? new String(data, start, i - start, StandardCharsets.ISO_8859_1) : "";
  }

  /** modname_normalize: up to the first '.', '-' read as '_'. */
  private static String normalize(String name) {
    int dot = name.indexOf('.');
    return (dot < 0 ? name : name.substring(0, dot)).replace('-', '_');
  }

  /**
   * alias_normalize (shared/util.c): '-' becomes '_' outside brackets; null for an unmatched
   * bracket.
   */
  static String aliasNormalize(String alias) {
    StringBuilder out = new StringBuilder(alias.length());
    for (int i = 0; i < alias.length(); i++) {
      char c = alias.charAt(i);
      switch (c) {
        case '-' -> out.append('_');
        case ']' -> {
          return null;
        }
        case '[' -> {
          int close = alias.indexOf(']', i);
          if (close < 0) {
            return null;
          }
          out.append(alias, i, close + 1);
          i = close;
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
