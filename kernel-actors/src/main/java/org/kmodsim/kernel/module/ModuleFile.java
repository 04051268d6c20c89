package org.kmodsim.kernel.module;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodsim.cpu.StepParser;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kallsyms.SymbolTable;
import org.kmodsim.sim.config.ConfigValueException;
import org.kmodsim.sim.config.ConfigValues;

/**
 * Reads a module file (HOCON, the model's .ko) into a {@link ModuleDefinition}. Every error is a
 * {@link ModuleFormatException} naming the file and line. The format is documented in
 * docs/modules.md.
 */
public final class ModuleFile {
  private ModuleFile() {}

  /** A module file that cannot be read: the message names the file and line. */
  public static final class ModuleFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModuleFormatException(String message) {
      super(message);
    }
  }

  /** Parsed files by (source, text, era): every run's insmod of a file parses it once per JVM. */
  private static final org.kmodsim.kernel.BuildCache<List<Object>, ModuleDefinition> PARSED =
      new org.kmodsim.kernel.BuildCache<>(256);

  /** Parses {@code text} of the file {@code source}; {@code era} gives the default vermagic. */
  public static ModuleDefinition parse(String source, String text, Era era) {
    return PARSED.get(List.of(source, text, era), key -> parseText(source, text, era));
  }

  private static ModuleDefinition parseText(String source, String text, Era era) {
    try {
      Config file =
          ConfigFactory.parseString(
                  text, ConfigParseOptions.defaults().setOriginDescription(source))
              .resolve();
      ConfigValues top = ConfigValues.of(file).only("module");
      if (!top.has("module")) {
        throw new ModuleFormatException(source + ": no 'module { ... }' block");
      }
      return definition(source, top.at("module"), era);
    } catch (ConfigException e) {
      throw new ModuleFormatException(ConfigValueException.from(e).getMessage());
    } catch (ConfigValueException e) {
      throw new ModuleFormatException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ModuleFormatException(source + ": " + e.getMessage());
    } catch (StackOverflowError e) {
      throw new ModuleFormatException(source + ": the file nests too deep");
    }
  }

  /** The keys of a module block. */
  static final String[] MODULE_KEYS = {
    "name",
    "license",
    "author",
    "description",
    "version",
    "vermagic",
    "modversions",
    "intree",
    "staging",
    "signed",
    "autoclean",
    "size",
    "alias",
    "params",
    "exports",
    "imports",
    "import-ns",
    "depends",
    "init",
    "exit",
    "functions",
    "behaviour"
  };

  /**
   * A module name as the kernel and kmod handle one: letters, digits and '_' ('-' is read as '_',
   * as modprobe does), at most MODULE_NAME_LEN - 1 = 55 characters.
   */
  public static final String NAME_RULE = "1 to 55 letters, digits, '_' or '-'";

  /** Whether {@code name} is a module name ({@link #NAME_RULE}). */
  public static boolean validName(String name) {
    return name.matches("[A-Za-z0-9_-]{1,55}");
  }

  /** The largest core size a module file may declare (a module's text, 1 GiB). */
  static final long MAX_SIZE = 1L << 30;

  /** The most elements of a parameter array, and the largest string parameter buffer. */
  static final int MAX_ARRAY = 1024;

  static final int MAX_STRING_SIZE = 4096;

  private static ModuleDefinition definition(String source, ConfigValues m, Era era) {
    m.only(MODULE_KEYS);
    String given = m.string("name");
    if (!validName(given)) {
      throw m.bad("name", "'" + given + "' is not a module name (" + NAME_RULE + ")");
    }
    String name = given.replace('-', '_');
    String vermagic = m.string("vermagic", "default");
    if (vermagic.equals("default")) {
      vermagic = Modversions.vermagic(era);
    } else if (vermagic.equals("none")) {
      vermagic = null;
    }
    Map<String, ConfigValue> functions = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : m.at("functions").config().root().entrySet()) {
      checkProgram(entry.getValue(), "functions." + entry.getKey());
      functions.put(entry.getKey(), entry.getValue());
    }
    List<String> depends = m.strings("depends");
    for (String dependency : depends) {
      if (!validName(dependency)) {
        throw m.bad("depends", "'" + dependency + "' is not a module name (" + NAME_RULE + ")");
      }
    }
    Config raw = m.config();
    ConfigValue init = m.has("init") ? checkProgram(m.value("init"), "init") : null;
    ConfigValue exit = m.has("exit") ? checkProgram(m.value("exit"), "exit") : null;
    return new ModuleDefinition(
        name,
        source,
        m.string("license", null),
        m.string("author", null),
        m.string("description", null),
        m.string("version", null),
        vermagic,
        m.bool("modversions", true),
        m.bool("intree", false),
        m.bool("staging", false),
        m.bool("signed", false),
        m.bool("autoclean", false),
        m.has("size") ? m.bytes("size", 1, MAX_SIZE) : 16384,
        m.strings("alias"),
        params(m, era),
        exports(m),
        imports(m, era),
        m.strings("import-ns"),
        depends,
        init,
        exit,
        functions,
        behaviour(raw, functions));
  }

  /** A function's code: a command line or a list of steps, nested at most the step limit. */
  private static ConfigValue checkProgram(ConfigValue program, String key) {
    if (program.valueType() != ConfigValueType.LIST
        && program.valueType() != ConfigValueType.STRING) {
      throw ConfigValueException.at(program.origin(), key, "expected a list of steps");
    }
    StepParser.checkDepth(program);
    return program;
  }

  /** {@code behaviour = "CLASS"}: the module's code in Java ({@link ModuleBehaviour}). */
  private static ModuleBehaviour behaviour(Config m, Map<String, ConfigValue> functions) {
    if (!m.hasPath("behaviour")) {
      return null;
    }
    ConfigValue value = m.getValue("behaviour");
    String name = m.getString("behaviour");
    ModuleBehaviour behaviour;
    try {
      Class<?> type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
      if (!ModuleBehaviour.class.isAssignableFrom(type)) {
        throw bad(
            value,
            "behaviour class " + name + " does not implement " + ModuleBehaviour.class.getName());
      }
      behaviour = (ModuleBehaviour) type.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw bad(value, "behaviour class " + name + " not found on the class path");
    } catch (ReflectiveOperationException | LinkageError e) {
      throw bad(value, "behaviour class " + name + " cannot be created: " + e);
    }
    for (String function : behaviour.functions()) {
      boolean inFile =
          function.equals("init")
              ? m.hasPath("init")
              : function.equals("exit") ? m.hasPath("exit") : functions.containsKey(function);
      if (inFile) {
        throw bad(value, "function " + function + " is defined in the file and in " + name);
      }
    }
    return behaviour;
  }

  private static List<ParamSpec> params(ConfigValues m, Era era) {
    List<ParamSpec> params = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (ConfigValues pv : m.objects("params")) {
      pv.only("name", "type", "perm", "default", "description", "array", "size", "modparm");
      Config p = pv.config();
      ConfigObject object = p.root();
      String name = pv.string("name");
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
        throw pv.bad("name", "'" + name + "' is not a C identifier");
      }
      if (!names.add(name)) {
        throw pv.bad("name", "parameter " + name + " is declared twice");
      }
      ParamType type;
      int arrayMin = 0;
      int arrayMax = pv.intIn("array", 1, MAX_ARRAY, 0);
      String modparm = pv.string("modparm", null);
      int[] counts = new int[3];
      if (modparm != null) {
        try {
          type = Modparm.parse(modparm, counts);
        } catch (IllegalArgumentException e) {
          throw pv.bad("modparm", e.getMessage());
        }
        arrayMin = counts[0];
        arrayMax = counts[0] == 1 && counts[1] == 1 ? 0 : counts[1];
      } else {
        type = pv.parsed("type", ParamType::parse);
      }
      int perm = perm(p);
      int size = counts[2] > 0 ? counts[2] : pv.intIn("size", 1, MAX_STRING_SIZE, 0);
      if (type == ParamType.STRING && size < 1) {
        throw bad(object, "parameter " + name + ": a string parameter needs size = N (buffer)");
      }
      String defaultValue = pv.string("default", null);
      ParamSpec spec =
          new ParamSpec(
              name,
              type,
              perm,
              pv.string("description", null),
              defaultValue,
              arrayMin,
              arrayMax,
              size,
              modparm);
      try {
        ModuleParams.defaults(List.of(spec), era);
      } catch (IllegalArgumentException e) {
        throw bad(object, e.getMessage());
      }
      params.add(spec);
    }
    return params;
  }

  private static int perm(Config p) {
    if (!p.hasPath("perm")) {
      return 0;
    }
    ConfigValue value = p.getValue("perm");
    int perm;
    try {
      String text = p.getString("perm");
      perm = Integer.parseInt(text, text.startsWith("0") ? 8 : 10);
    } catch (NumberFormatException e) {
      throw bad(value, "perm must be octal, e.g. \"0644\"");
    }
    String problem = ParamSpec.permProblem(perm);
    if (problem != null) {
      throw bad(value, "perm " + Integer.toOctalString(perm) + ": " + problem);
    }
    return perm;
  }

  private static List<ModuleDefinition.Export> exports(ConfigValues m) {
    List<ModuleDefinition.Export> exports = new ArrayList<>();
    if (!m.has("exports")) {
      return exports;
    }
    for (ConfigValue value : m.list("exports")) {
      if (value.valueType() == ConfigValueType.STRING) {
        String symbol = (String) value.unwrapped();
        exports.add(
            new ModuleDefinition.Export(
                symbol, 'T', false, "", SymbolTable.crcOf("int " + symbol + "(void)"), false));
        continue;
      }
      if (value.valueType() != ConfigValueType.OBJECT) {
        throw ConfigValueException.at(
            value.origin(), "exports", "expected a symbol name or {symbol = NAME, ...}");
      }
      ConfigValues ev =
          ConfigValues.of((ConfigObject) value, "exports")
              .only("symbol", "type", "gpl", "namespace", "crc", "novers");
      Config e = ev.config();
      String symbol = ev.string("symbol");
      String type = ev.string("type", "T");
      if (!type.matches("[A-Za-z]")) {
        throw ev.bad("type", "'" + type + "' is not a symbol type letter (T, D, R, B...)");
      }
      Long crc = e.hasPath("crc") ? crc(e) : SymbolTable.crcOf("int " + symbol + "(void)");
      exports.add(
          new ModuleDefinition.Export(
              symbol,
              type.charAt(0),
              ev.bool("gpl", false),
              ev.string("namespace", ""),
              crc,
              ev.bool("novers", false)));
    }
    return exports;
  }

  private static List<ModuleDefinition.Import> imports(ConfigValues m, Era era) {
    List<ModuleDefinition.Import> imports = new ArrayList<>();
    if (!m.has("imports")) {
      return imports;
    }
    for (ConfigValue value : m.list("imports")) {
      if (value.valueType() == ConfigValueType.STRING) {
        imports.add(
            new ModuleDefinition.Import(
                SymbolTable.linkName(era, (String) value.unwrapped()), null, false));
        continue;
      }
      if (value.valueType() != ConfigValueType.OBJECT) {
        throw ConfigValueException.at(
            value.origin(), "imports", "expected a symbol name or {symbol = NAME, ...}");
      }
      ConfigValues iv =
          ConfigValues.of((ConfigObject) value, "imports").only("symbol", "crc", "weak");
      Config i = iv.config();
      imports.add(
          new ModuleDefinition.Import(
              SymbolTable.linkName(era, iv.string("symbol")),
              i.hasPath("crc") ? crc(i) : null,
              iv.bool("weak", false)));
    }
    return imports;
  }

  private static Long crc(Config c) {
    String text = c.getString("crc");
    try {
      return Long.parseLong(text.startsWith("0x") ? text.substring(2) : text, 16);
    } catch (NumberFormatException e) {
      throw bad(c.getValue("crc"), "crc must be hexadecimal, e.g. \"0x1b7d4074\"");
    }
  }

  private static ModuleFormatException bad(ConfigValue at, String why) {
    return new ModuleFormatException(ConfigValueException.where(at.origin()) + ": " + why);
  }
}
