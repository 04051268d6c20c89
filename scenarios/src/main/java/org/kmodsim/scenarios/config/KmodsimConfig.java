package org.kmodsim.scenarios.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the configuration the way the command line promises: the user's {@code application.conf}
 * (from the working directory, else from KMODSIM_HOME, which the launcher sets), or the file given
 * with {@code --config}, then the {@code --set} overrides, over the modules' reference.conf files.
 * An override of a key that no reference.conf defines is an error, so typos do not pass silently.
 */
public final class KmodsimConfig {
  private KmodsimConfig() {}

  public static Config load(Path configFile, List<String> overrides) {
    Config reference = ConfigFactory.defaultReference();
    Config user = ConfigFactory.empty();
    if (configFile != null) {
      if (!Files.isReadable(configFile)) {
        throw new IllegalArgumentException("cannot read config file " + configFile);
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
    Config sets = ConfigFactory.empty();
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set takes KEY=VALUE, not '" + override + "'");
      }
      String key = override.substring(0, eq).trim();
      String value = override.substring(eq + 1).trim();
      if (!reference.hasPathOrNull(key)) {
        throw new IllegalArgumentException("--set: unknown configuration key '" + key + "'");
      }
      sets = parseOverride(key, value).withFallback(sets);
    }
    return sets.withFallback(user).withFallback(reference).resolve();
  }

  private static Config parseOverride(String key, String value) {
    try {
      return ConfigFactory.parseString(key + " = " + value);
    } catch (ConfigException e) {
      return ConfigFactory.parseString(key + " = " + ConfigQuote.quote(value));
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

  /** Quotes a string as a HOCON value. */
  static final class ConfigQuote {
    private ConfigQuote() {}

    static String quote(String value) {
      return com.typesafe.config.ConfigValueFactory.fromAnyRef(value).render();
    }
  }
}
