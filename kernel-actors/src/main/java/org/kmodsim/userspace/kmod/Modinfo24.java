package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ParamSpec;
import org.kmodsim.userspace.GetoptLong;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolExit;
import org.kmodsim.userspace.ToolOutput;

/**
 * modutils 2.4.27's modinfo, pure, modelled from its manual page (modinfo(8) of modutils 2.4, as
 * Debian 3.1 and Red Hat shipped it): {@code -a -d -l -n -p} print the author, description,
 * licence, file name or parameters; {@code -f FORMAT} expands {@code %{tag}} from .modinfo ({@code
 * %{filename}} always, {@code %{kernel_version}} the kernel the module was built for, {@code
 * %{using_checksums}} 1 for versioned symbols, else {@code <none>}; {@code %{parm}} repeats its
 * line once per parameter) and {@code %a %d %l %n %p}; with no option the filename, description,
 * author, licence and parameters. A 2.4 module's .modinfo has {@code kernel_version=}, not {@code
 * vermagic=}. The modinfo.c source was not found in the material at hand: the default layout (tag:
 * padded to 13 columns, string values in double quotes, {@code <none>} for an absent tag, {@code
 * parm: NAME TYPE[ array (min = N, max = M)][, description "TEXT"]}) follows the output of the tool
 * as it was commonly shown, not its source.
 */
final class Modinfo24 {
  private Modinfo24() {}

  static final String DEFAULT_FORMAT =
      "filename:    %{filename}\n"
          + "description: %{description}\n"
          + "author:      %{author}\n"
          + "license:     %{license}\n"
          + "parm:        %{parm}\n";

  private static final List<GetoptLong.LongOption> LONG_OPTIONS =
      List.of(
          KmodOptions.noArg("author", 'a'),
          KmodOptions.noArg("description", 'd'),
          new GetoptLong.LongOption("format", GetoptLong.HasArg.REQUIRED, 'f'),
          KmodOptions.noArg("help", 'h'),
          KmodOptions.noArg("license", 'l'),
          KmodOptions.noArg("filename", 'n'),
          KmodOptions.noArg("parameters", 'p'),
          KmodOptions.noArg("version", 'V'));

  /** The format and the modules, or how modinfo ends reading its command line. */
  record Parsed(String format, List<String> targets, ToolExit exit) {
    Parsed {
      targets = List.copyOf(targets);
    }
  }

  static Parsed parse(List<String> args) {
    GetoptLong.Result line = GetoptLong.parse("modinfo", "adf:hlnpV", LONG_OPTIONS, args, false);
    StringBuilder format = new StringBuilder();
    for (GetoptLong.Option option : line.options()) {
      switch (option.val()) {
        case 'a' -> format.append("%a\n");
        case 'd' -> format.append("%d\n");
        case 'l' -> format.append("%l\n");
        case 'n' -> format.append("%n\n");
        case 'p' -> format.append("%p\n");
        case 'f' -> format.append(option.arg());
        case 'V' -> {
          return exit(new ToolExit("", "modinfo version 2.4.27\n", 0));
        }
        default -> {
          return exit(ToolExit.failure(2, "modinfo: -h is not modelled (2.4 modutils)"));
        }
      }
    }
    if (line.failed()) {
      return exit(ToolExit.failure(1, line.error()));
    } else if (line.operands().isEmpty()) {
      return exit(ToolExit.failure(2, "modinfo: a module file is needed (2.4 modutils)"));
    }
    String chosen = format.length() == 0 ? DEFAULT_FORMAT : format.toString();
    return new Parsed(chosen, line.operands(), null);
  }

  private static Parsed exit(ToolExit exit) {
    return new Parsed(null, List.of(), exit);
  }

  /** One run: each module file named, printed with the format, as a {@link ToolOutput}. */
  static ToolOutput run(List<String> args, ModuleRepository repository) {
    Parsed parsed = parse(args);
    if (parsed.exit() != null) {
      return ToolOutput.of(parsed.exit());
    }
    ToolOutput out = new ToolOutput();
    for (String target : parsed.targets()) {
      ModuleRepository.Found found = repository.file(target);
      try {
        if (found == null) {
          out.fail(1, "modinfo: " + target + ": No such file or directory\n");
        } else {
          ModuleDefinition def = found.definition(Era.V2_4);
          out.out(render(def, found.shownPath(), parsed.format()));
        }
      } catch (ModuleFile.ModuleFormatException e) {
        out.fail(1, "modinfo: " + e.getMessage() + "\n");
      }
    }
    return out;
  }

  /**
   * The format expanded for one module, line by line ({@code %{parm}} lines once per parameter).
   */
  static String render(ModuleDefinition def, String filename, String format) {
    StringBuilder out = new StringBuilder();
    String[] lines = format.split("(?<=\n)");
    for (String line : lines) {
      if (line.contains("%{parm}") || line.contains("%p")) {
        for (ParamSpec param : def.params()) {
          out.append(expand(line, def, filename, parm(param)));
        }
      } else {
        out.append(expand(line, def, filename, null));
      }
    }
    return out.toString();
  }

  private static String expand(String line, ModuleDefinition def, String filename, String parm) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != '%' || i + 1 == line.length()) {
        out.append(c);
        continue;
      }
      char next = line.charAt(i + 1);
      if (next == '{' && line.indexOf('}', i) > 0) {
        int end = line.indexOf('}', i);
        out.append(tag(line.substring(i + 2, end), def, filename, parm));
        i = end;
        continue;
      }
      String shortcut =
          switch (next) {
            case 'a' -> "author";
            case 'd' -> "description";
            case 'l' -> "license";
            case 'n' -> "filename";
            case 'p' -> "parm";
            case '%' -> null;
            default -> "";
          };
      if (shortcut == null) {
        out.append('%');
      } else if (shortcut.isEmpty()) {
        out.append(c).append(next);
      } else {
        out.append(tag(shortcut, def, filename, parm));
      }
      i++;
    }
    return out.toString();
  }

  private static String tag(String tag, ModuleDefinition def, String filename, String parm) {
    String value =
        switch (tag) {
          case "filename" -> filename;
          case "parm" -> parm;
          case "author" -> quoted(def.author());
          case "description" -> quoted(def.description());
          case "license" -> quoted(def.license());
          case "kernel_version" -> quoted(def.vermagic());
          case "using_checksums" ->
              def.imports().stream().anyMatch(i -> i.crc() != null) ? "1" : null;
          default -> null;
        };
    return value == null ? "<none>" : value;
  }

  private static String quoted(String value) {
    return value == null ? null : "\"" + value + "\"";
  }

  /** A MODULE_PARM type as modinfo describes it: {@code irq int array (min = 1, max = 4)}. */
  static String parm(ParamSpec param) {
    String spec = param.modparm() == null ? "" : param.modparm();
    int at = 0;
    while (at < spec.length() && (Character.isDigit(spec.charAt(at)) || spec.charAt(at) == '-')) {
      at++;
    }
    String range = spec.substring(0, at);
    char letter = at < spec.length() ? spec.charAt(at) : '?';
    String type =
        switch (letter) {
          case 'b' -> "byte";
          case 'h' -> "short";
          case 'i' -> "int";
          case 'l' -> "long";
          case 's' -> "string";
          case 'c' -> "char";
          default -> param.typeName();
        };
    List<String> parts = new ArrayList<>();
    parts.add(param.name() + " " + type);
    if (!range.isEmpty()) {
      String[] bounds = range.split("-");
      String max = bounds.length > 1 ? bounds[1] : bounds[0];
      parts.set(0, parts.get(0) + " array (min = " + bounds[0] + ", max = " + max + ")");
    }
    String text = String.join("", parts);
    return param.description() == null
        ? text
        : text + ", description \"" + param.description() + "\"";
  }
}
