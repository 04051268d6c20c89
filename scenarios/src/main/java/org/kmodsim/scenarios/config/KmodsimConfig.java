package org.kmodsim.scenarios.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kmodsim.scenarios.machine.Kernel;
import org.kmodsim.sim.EngineSettings;
import org.kmodsim.sim.config.ConfigValueException;

/**
 * Loads the configuration the way the command line promises: the user's {@code application.conf}
 * (from the working directory, else from KMODSIM_HOME, which the launcher sets), or the file given
 * with {@code --config}, then the {@code --set} overrides, over the modules' reference.conf files.
 * An override of a key that no reference.conf defines is an error, so typos do not pass silently.
 *
 * <p>The loaded configuration is resolved ({@code ${key}} and {@code ${?ENV_VAR}} substitutions;
 * {@code include "file.conf"} is relative to the including file) and then checked whole: every
 * value the run, the engine and each kernel subsystem will read is read once here, so a bad one
 * stops the command with {@code FILE:LINE: KEY: reason} (exit 2) before any actor starts.
 */
public final class KmodsimConfig {
  private KmodsimConfig() {}

  public static Config load(Path configFile, List<String> overrides) {
    return load(configFile, ConfigFactory.empty(), overrides);
  }

  /**
   * With {@code layer} (a scenario's {@code machine.config}, origins kept) between the user's file
   * and the {@code --set} overrides.
   */
  public static Config load(Path configFile, Config layer, List<String> overrides) {
    Config config;
    try {
      config = merge(configFile, layer, overrides);
    } catch (ConfigException e) {
      throw ConfigValueException.from(e);
    } catch (StackOverflowError e) {
      throw new ConfigValueException("the configuration nests too deep to read");
    }
    check(config);
    return config;
  }

  /** Reads every setting once, refusing the first bad value (see the class comment). */
  public static void check(Config config) {
    try {
      RunSettings run = RunSettings.fromConfig(config);
      EngineSettings.fromConfig(config);
      Kernel.check(config, run.era(), run.cpus());
    } catch (ConfigException e) {
      throw ConfigValueException.from(e);
    }
  }

  private static Config merge(Path configFile, Config layer, List<String> overrides) {
    Config reference = ConfigFactory.defaultReference();
    Config user = ConfigFactory.empty();
    if (configFile != null) {
      if (Files.isDirectory(configFile) || !Files.isReadable(configFile)) {
        throw new ConfigValueException(
            "--config: cannot read config file "
                + configFile
                + (Files.isDirectory(configFile) ? " (a directory)" : ""));
      }
      user =
          ConfigFactory.parseFile(
              configFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } else {
      Path found = defaultFile();
      if (found != null) {
        user = ConfigFactory.parseFile(found.toFile());
      }
    }
    for (String key : layer.root().keySet()) {
      if (!reference.hasPathOrNull(key)) {
        throw ConfigValueException.at(
            layer.root().get(key).origin(), key, "unknown configuration key");
      }
    }
    Config sets = ConfigFactory.empty();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new ConfigValueException("--set takes KEY=VALUE, not '" + override + "'");
      }
      String key = override.substring(0, eq).trim();
      String value = override.substring(eq + 1).trim();
      boolean known;
      try {
        known = reference.hasPathOrNull(key);
      } catch (ConfigException.BadPath e) {
        known = false;
      }
      if (!known) {
        throw new ConfigValueException("--set: unknown configuration key '" + key + "'");
      }
      sets = parseOverride(key, value).withFallback(sets);
    }
    return sets.withFallback(layer).withFallback(user).withFallback(reference).resolve();
  }

  /** {@code KEY=VALUE} as HOCON, or as a string when it is not HOCON; its origin is the option. */
  private static Config parseOverride(String key, String value) {
    ConfigParseOptions origin =
        ConfigParseOptions.defaults().setOriginDescription("--set " + key + "=" + value);
    try {
      return ConfigFactory.parseString(key + " = " + value, origin);
    } catch (ConfigException e) {
      return ConfigFactory.parseString(
          key + " = " + ConfigValueFactory.fromAnyRef(value).render(), origin);
    }
  }

  private static Path defaultFile() {
    Path here = Path.of("application.conf");
    if (Files.isReadable(here)) {
      return here;
    }
    String home = System.getenv("KMODSIM_HOME");
    if (home != null) {
      Path installed = Path.of(home, "application.conf");
      if (Files.isReadable(installed)) {
        return installed;
      }
    }
    return null;
  }
}
