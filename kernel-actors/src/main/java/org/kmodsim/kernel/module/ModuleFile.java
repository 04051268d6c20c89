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
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kallsyms.SymbolTable;

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
    Config file;
    try {
      file =
          ConfigFactory.parseString(
              text, ConfigParseOptions.defaults().setOriginDescription(source));
    } catch (ConfigException e) {
      throw new ModuleFormatException(e.getMessage());
    }
    if (!file.hasPath("module")) {
      throw new ModuleFormatException(source + ": no 'module { ... }' block");
    }
    Config m = file.getConfig("module");
    try {
      return definition(source, m, era);
    } catch (ConfigException e) {
      throw new ModuleFormatException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new ModuleFormatException(source + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // whatever else a malformed file provokes is still bad input, never a crash
      throw new ModuleFormatException(source + ": malformed module file (" + e + ")");
    }
  }

  private static ModuleDefinition definition(String source, Config m, Era era) {
    String name = m.getString("name").replace('-', '_');
    if (name.isEmpty() || name.length() > 55) {
      throw bad(m.getValue("name"), "module name must have 1 to 55 characters");
    }
    String vermagic = m.hasPath("vermagic") ? m.getString("vermagic") : "default";
    if (vermagic.equals("default")) {
      vermagic = Modversions.vermagic(era);
    } else if (vermagic.equals("none")) {
      vermagic = null;
    }
    Map<String, ConfigValue> functions = new TreeMap<>();
    if (m.hasPath("functions")) {
      for (Map.Entry<String, ConfigValue> entry : m.getObject("functions").entrySet()) {
        functions.put(entry.getKey(), entry.getValue());
      }
    }
    return new ModuleDefinition(
        name,
        source,
        optional(m, "license"),
        optional(m, "author"),
        optional(m, "description"),
        optional(m, "version"),
        vermagic,
        !m.hasPath("modversions") || m.getBoolean("modversions"),
        m.hasPath("intree") && m.getBoolean("intree"),
        m.hasPath("staging") && m.getBoolean("staging"),
        m.hasPath("signed") && m.getBoolean("signed"),
        m.hasPath("autoclean") && m.getBoolean("autoclean"),
        m.hasPath("size") ? m.getBytes("size") : 16384,
        m.hasPath("alias") ? m.getStringList("alias") : List.of(),
        params(m, era),
        exports(m),
        imports(m, era),
        m.hasPath("import-ns") ? m.getStringList("import-ns") : List.of(),
        m.hasPath("depends") ? m.getStringList("depends") : List.of(),
        m.hasPath("init") ? m.getValue("init") : null,
        m.hasPath("exit") ? m.getValue("exit") : null,
        functions,
        behaviour(m, functions));
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

  private static List<ParamSpec> params(Config m, Era era) {
    List<ParamSpec> params = new ArrayList<>();
    if (!m.hasPath("params")) {
      return params;
    }
    for (ConfigObject object : m.getObjectList("params")) {
      Config p = object.toConfig();
      String name = p.getString("name");
      ParamType type;
      int arrayMin = 0;
      int arrayMax = p.hasPath("array") ? p.getInt("array") : 0;
      String modparm = optional(p, "modparm");
      if (modparm != null) {
        int[] counts = new int[2];
        type = Modparm.parse(modparm, counts);
        arrayMin = counts[0];
        arrayMax = counts[0] == 1 && counts[1] == 1 ? 0 : counts[1];
      } else {
        try {
          type = ParamType.parse(p.getString("type"));
        } catch (IllegalArgumentException e) {
          throw bad(p.getValue("type"), e.getMessage());
        }
      }
      int perm = perm(p);
      int size = p.hasPath("size") ? p.getInt("size") : 0;
      if (type == ParamType.STRING && size < 1) {
        throw bad(object, "parameter " + name + ": a string parameter needs size = N (buffer)");
      }
      String defaultValue = p.hasPath("default") ? p.getString("default") : null;
      ParamSpec spec =
          new ParamSpec(
              name,
              type,
              perm,
              optional(p, "description"),
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

  private static List<ModuleDefinition.Export> exports(Config m) {
    List<ModuleDefinition.Export> exports = new ArrayList<>();
    if (!m.hasPath("exports")) {
      return exports;
    }
    for (ConfigValue value : m.getList("exports")) {
      if (value.valueType() == ConfigValueType.STRING) {
        String symbol = (String) value.unwrapped();
        exports.add(
            new ModuleDefinition.Export(
                symbol, 'T', false, "", SymbolTable.crcOf("int " + symbol + "(void)"), false));
        continue;
      }
      Config e = ((ConfigObject) value).toConfig();
      String symbol = e.getString("symbol");
      String type = e.hasPath("type") ? e.getString("type") : "T";
      Long crc = e.hasPath("crc") ? crc(e) : SymbolTable.crcOf("int " + symbol + "(void)");
      exports.add(
          new ModuleDefinition.Export(
              symbol,
              type.charAt(0),
              e.hasPath("gpl") && e.getBoolean("gpl"),
              e.hasPath("namespace") ? e.getString("namespace") : "",
              crc,
              e.hasPath("novers") && e.getBoolean("novers")));
    }
    return exports;
  }

  private static List<ModuleDefinition.Import> imports(Config m, Era era) {
    List<ModuleDefinition.Import> imports = new ArrayList<>();
    if (!m.hasPath("imports")) {
      return imports;
    }
    for (ConfigValue value : m.getList("imports")) {
      if (value.valueType() == ConfigValueType.STRING) {
        imports.add(
            new ModuleDefinition.Import(
                SymbolTable.linkName(era, (String) value.unwrapped()), null, false));
        continue;
      }
      Config i = ((ConfigObject) value).toConfig();
      imports.add(
          new ModuleDefinition.Import(
              SymbolTable.linkName(era, i.getString("symbol")),
              i.hasPath("crc") ? crc(i) : null,
              i.hasPath("weak") && i.getBoolean("weak")));
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

  private static String optional(Config c, String key) {
    return c.hasPath(key) ? c.getString(key) : null;
  }

  private static ModuleFormatException bad(ConfigValue at, String why) {
    return new ModuleFormatException(at.origin().description() + ": " + why);
  }
}
