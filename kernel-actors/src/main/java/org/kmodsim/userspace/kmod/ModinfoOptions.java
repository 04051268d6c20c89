package org.kmodsim.userspace.kmod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * modinfo's command line (kmod tools/modinfo.c, cmdopts_s {@code "adlpn0mF:k:b:Vh"} through
 * getopt_long): {@code -a -d -l -p -n} print one field, {@code -F FIELD} any, {@code -0} ends
 * entries with NUL, {@code -k VERSION} and {@code -b ROOT} look modules up in {@code
 * ROOT/lib/modules/VERSION}, {@code -V} prints the version. Pure.
 *
 * @param field the one field printed, null for all
 * @param separator {@code '\n'}, or {@code '\0'} with {@code -0}
 * @param root {@code -b ROOT}, or null
 * @param kversion {@code -k VERSION}, or null
 * @param version {@code -V}: print kmod's version and nothing else
 */
public record ModinfoOptions(
    String field,
    char separator,
    List<String> targets,
    String root,
    String kversion,
    boolean version) {
  public ModinfoOptions {
    targets = List.copyOf(targets);
  }

  public ModinfoOptions(String field, char separator, List<String> targets) {
    this(field, separator, targets, null, null, false);
  }

  private static final Map<String, Character> LONG = new LinkedHashMap<>();

  static {
    String[][] table = {
      {"author", "a"},
      {"description", "d"},
      {"license", "l"},
      {"parameters", "p"},
      {"filename", "n"},
      {"null", "0"},
      {"modname", "m"},
      {"field=", "F"},
      {"set-version=", "k"},
      {"basedir=", "b"},
      {"version", "V"},
      {"help", "h"}
    };
    for (String[] row : table) {
      LONG.put(row[0], row[1].charAt(0));
    }
  }

  /**
   * Throws {@link Getopt.Failed} with getopt_long's message, or IllegalArgumentException for no
   * module ("missing module or filename.").
   */
  public static ModinfoOptions parse(List<String> args) {
    Getopt.Parsed parsed = Getopt.parse(args, "adlpn0mF:k:b:Vh", LONG);
    String field = null;
    char separator = '\n';
    String root = null;
    String kversion = null;
    for (Getopt.Option option : parsed.options()) {
      switch (option.letter()) {
        case 'a' -> field = "author";
        case 'd' -> field = "description";
        case 'l' -> field = "license";
        case 'p' -> field = "parm";
        case 'n' -> field = "filename";
        case '0' -> separator = '\0';
        case 'F' -> field = option.argument();
        case 'k' -> kversion = option.argument();
        case 'b' -> root = option.argument();
        case 'V' -> {
          return new ModinfoOptions(field, separator, List.of(), root, kversion, true);
        }
        default -> {}
      }
    }
    if (parsed.operands().isEmpty()) {
      throw new IllegalArgumentException("missing module or filename.");
    }
    return new ModinfoOptions(field, separator, parsed.operands(), root, kversion, false);
  }
}
