package org.kmodsim.userspace.kmod;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.module.elf.KoModule;

/**
 * The text indexes kmod 30's depmod writes beside modules.dep (tools/depmod.c): modules.alias
 * (output_aliases), modules.softdep (output_softdeps), modules.symbols (output_symbols, in the
 * iteration order of kmod's symbol hash, shared/hash.c) and modules.devname (output_devname), each
 * over the modules in depmod_modules_sort order. Pure.
 */
public final class KoDepmodIndexes {
  private KoDepmodIndexes() {}

  /** depmod->symbols = hash_new(2048, ...): ALIGN_POWER2(2048) buckets. */
  private static final int SYMBOL_BUCKETS = 2048;

  /**
   * The four files by name, in depmod_output's order.
   *
   * @param sorted the modules in depmod_modules_sort order
   * @param errors receives output_devname's "lacks major and minor" lines
   */
  public static Map<String, String> all(List<KoDepmod.Module> sorted, List<String> errors) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("modules.alias", aliases(sorted));
    files.put("modules.softdep", softdeps(sorted));
    files.put("modules.symbols", symbols(sorted));
    files.put("modules.devname", devname(sorted, errors));
    return files;
  }

  /** output_aliases: "alias VALUE MODNAME" per alias= string, module by module. */
  public static String aliases(List<KoDepmod.Module> sorted) {
    StringBuilder out = new StringBuilder("# Aliases extracted from modules themselves.\n");
    for (KoDepmod.Module module : sorted) {
      for (KoModule.Info info : module.modinfo()) {
        if (info.key().equals("alias")) {
          out.append("alias ").append(info.value()).append(' ');
          out.append(KoTools.modname(module.path())).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** output_softdeps: "softdep MODNAME VALUE" per softdep= string. */
  public static String softdeps(List<KoDepmod.Module> sorted) {
    StringBuilder out =
        new StringBuilder("# Soft dependencies extracted from modules themselves.\n");
    for (KoDepmod.Module module : sorted) {
      for (KoModule.Info info : module.modinfo()) {
        if (info.key().equals("softdep")) {
          out.append("softdep ").append(KoTools.modname(module.path())).append(' ');
          out.append(info.value()).append('\n');
        }
      }
    }
    return out.toString();
  }

  /**
   * output_symbols: "alias symbol:NAME OWNER" for each export, its owner the last module that
   * exports it (hash_add replaces), in hash_iter order: bucket by bucket (hash_superfast of the
   * name masked to 2048 buckets), each bucket sorted by strcmp of the names.
   */
  public static String symbols(List<KoDepmod.Module> sorted) {
    StringBuilder out = new StringBuilder("# Aliases for symbols, used by symbol_request().\n");
    for (Map.Entry<String, String> symbol : symbolOwners(sorted)) {
      out.append("alias symbol:").append(symbol.getKey()).append(' ');
      out.append(symbol.getValue()).append('\n');
    }
    return out.toString();
  }

  /** Each exported symbol and its owner's module name, in hash_iter order (output_symbols). */
  static List<Map.Entry<String, String>> symbolOwners(List<KoDepmod.Module> sorted) {
    Map<String, String> owner = new LinkedHashMap<>();
    for (KoDepmod.Module module : sorted) {
      String modname = KoTools.modname(module.path());
      for (String symbol : module.exports()) {
        owner.put(symbol, modname);
      }
    }
    List<byte[]> names = new ArrayList<>();
    owner.keySet().forEach(name -> names.add(name.getBytes(StandardCharsets.UTF_8)));
    names.sort(
        (a, b) -> {
          int c = Integer.compare(bucket(a), bucket(b));
          return c != 0 ? c : Arrays.compareUnsigned(a, b);
        });
    List<Map.Entry<String, String>> owners = new ArrayList<>();
    for (byte[] name : names) {
      String symbol = new String(name, StandardCharsets.UTF_8);
      owners.add(Map.entry(symbol, owner.get(symbol)));
    }
    return owners;
  }

  private static int bucket(byte[] key) {
    return superfast(key) & (SYMBOL_BUCKETS - 1);
  }

  /** hash_superfast (shared/hash.c): 32-bit unsigned arithmetic, x86's signed char for key[i]. */
  static int superfast(byte[] key) {
    int len = key.length;
    int hash = len;
    int rem = len & 3;
    int i = 0;
    for (int n = len / 4; n > 0; n--) {
      hash += u16(key, i);
      int tmp = (u16(key, i + 2) << 11) ^ hash;
      hash = (hash << 16) ^ tmp;
      i += 4;
      hash += hash >>> 11;
    }
    switch (rem) {
      case 3 -> {
        hash += u16(key, i);
        hash ^= hash << 16;
        hash ^= key[i + 2] << 18;
        hash += hash >>> 11;
      }
      case 2 -> {
        hash += u16(key, i);
        hash ^= hash << 11;
        hash += hash >>> 17;
      }
      case 1 -> {
        hash += key[i];
        hash ^= hash << 10;
        hash += hash >>> 1;
      }
      default -> {}
    }
    hash ^= hash << 3;
    hash += hash >>> 5;
    hash ^= hash << 4;
    hash += hash >>> 17;
    hash ^= hash << 25;
    hash += hash >>> 6;
    return hash;
  }

  private static int u16(byte[] key, int i) {
    return (key[i] & 0xff) | (key[i + 1] & 0xff) << 8;
  }

  /**
   * output_devname: "MODNAME DEVNAME TYPEMAJOR:MINOR" for a module with a devname: alias and a
   * char-major-M-N or block-major-M-N alias (the scan stops once it has both), the header before
   * the first line only; a devname without a major is an error line and no output.
   */
  public static String devname(List<KoDepmod.Module> sorted, List<String> errors) {
    StringBuilder out = new StringBuilder();
    for (KoDepmod.Module module : sorted) {
      String devname = null;
      char type = 0;
      long major = 0;
      long minor = 0;
      for (KoModule.Info info : module.modinfo()) {
        if (!info.key().equals("alias")) {
          continue;
        }
        String value = info.value();
        long[] numbers;
        if (value.startsWith("devname:")) {
          devname = value.substring("devname:".length());
        } else if ((numbers = majorMinor(value, "char-major-")) != null) {
          type = 'c';
          major = numbers[0];
          minor = numbers[1];
        } else if ((numbers = majorMinor(value, "block-major-")) != null) {
          type = 'b';
          major = numbers[0];
          minor = numbers[1];
        }
        if (type != 0 && devname != null) {
          break;
        }
      }
      String modname = KoTools.modname(module.path());
      if (devname != null && type != 0) {
        if (out.isEmpty()) {
          out.append("# Device nodes to trigger on-demand module loading.\n");
        }
        out.append(modname).append(' ').append(devname).append(' ').append(type);
        out.append(major).append(':').append(minor).append('\n');
      } else if (devname != null) {
        errors.add(
            "depmod: ERROR: Module '"
                + modname
                + "' has devname ("
                + devname
                + ") but lacks major and minor information. Ignoring.");
      }
    }
    return out.toString();
  }

  /** sscanf(value, "PREFIX%u-%u") == 2, for decimal digits (trailing text allowed, as sscanf). */
  private static long[] majorMinor(String value, String prefix) {
    if (!value.startsWith(prefix)) {
      return null;
    }
    int i = prefix.length();
    long[] numbers = new long[2];
    for (int n = 0; n < 2; n++) {
      if (n == 1) {
        if (i >= value.length() || value.charAt(i) != '-') {
          return null;
        }
        i++;
      }
      int start = i;
      while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
        numbers[n] = (numbers[n] * 10 + value.charAt(i) - '0') & 0xffffffffL;
        i++;
      }
      if (i == start) {
        return null;
      }
    }
    return numbers;
  }
}
