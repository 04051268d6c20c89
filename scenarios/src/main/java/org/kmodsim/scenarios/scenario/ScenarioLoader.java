package org.kmodsim.scenarios.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kmodsim.sim.config.ConfigValueException;

/**
 * Reads scenario files (HOCON) into {@link Scenario}s and finds catalogue scenarios by name. Every
 * error names the file, the line and the key; nothing about the machine is checked here (commands,
 * configuration keys), only the file's own structure.
 */
public final class ScenarioLoader {
  /** Where the catalogue lives on the class path, with its index. */
  static final String CATALOGUE = "kmodsim/scenarios/";

  private ScenarioLoader() {}

  /** The catalogue's scenario names, in catalogue order. */
  public static List<String> catalogue() {
    try (InputStream in = resource(CATALOGUE + "catalogue.list")) {
      if (in == null) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          names.add(name);
        }
      }
      return names;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the scenario catalogue", e);
    }
  }

  /** A catalogue name, or the path of a scenario file. */
  public static Scenario load(String nameOrPath) {
    if (catalogue().contains(nameOrPath)) {
      return loadCatalogue(nameOrPath);
    }
    Path file = Path.of(nameOrPath);
    if (Files.isRegularFile(file)) {
      return loadFile(file);
    }
    throw new ScenarioException(
        "no scenario '"
            + nameOrPath
            + "': not a catalogue name (see "
            + "kmodsim list) and not a readable file");
  }

  public static Scenario loadFile(Path file) {
    if (!Files.isReadable(file)) {
      throw new ScenarioException("cannot read scenario file " + file);
    }
    String base = file.getFileName().toString().replaceFirst("\\.conf$", "");
    return read(
        () ->
            ConfigFactory.parseFile(
                file.toFile(),
                ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF)),
        base,
        file.toString());
  }

  public static Scenario loadCatalogue(String name) {
    String path = CATALOGUE + name + ".conf";
    try (InputStream in = resource(path)) {
      if (in == null) {
        throw new ScenarioException("catalogue scenario " + name + " is listed but missing");
      }
      Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
      return read(
          () ->
              ConfigFactory.parseReader(
                  reader,
                  ConfigParseOptions.defaults()
                      .setSyntax(ConfigSyntax.CONF)
                      .setOriginDescription("scenarios/" + name + ".conf")),
          name,
          "catalogue:" + name);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  /**
   * The text a scenario was read from (its catalogue resource or its file), for a node that runs it
   * elsewhere ({@link #parseString}).
   */
  public static String text(Scenario scenario) {
    String source = scenario.source();
    try (InputStream in =
        source.startsWith("catalogue:")
            ? resource(CATALOGUE + source.substring("catalogue:".length()) + ".conf")
            : Files.newInputStream(Path.of(source))) {
      if (in == null) {
        throw new ScenarioException("cannot read " + source);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScenarioException("cannot read scenario file " + source);
    }
  }

  /** Parses scenario text (tests and the documentation examples use this). */
  public static Scenario parseString(String hocon, String name) {
    return read(
        () ->
            ConfigFactory.parseString(
                hocon, ConfigParseOptions.defaults().setOriginDescription(name + ".conf")),
        name,
        name + ".conf");
  }

  /**
   * Parses, resolves the substitutions ({@code ${key}}, {@code ${?ENV_VAR}}) and reads a scenario;
   * every HOCON error and every refused value becomes a {@link ScenarioException} in the user's
   * terms, and a file nested too deep for the parser is refused as such.
   */
  private static Scenario read(
      java.util.function.Supplier<Config> parser, String defaultName, String source) {
    try {
      Config config = parser.get().resolve();
      return parse(config, defaultName, source);
    } catch (ConfigException e) {
      throw new ScenarioException(ConfigValueException.from(e).getMessage());
    } catch (ConfigValueException e) {
      throw new ScenarioException(e.getMessage());
    } catch (StackOverflowError e) {
      throw new ScenarioException(
          source.replaceFirst("^catalogue:", "")
              + ": the file nests too deep (blocks nest at most "
              + org.kmodsim.cpu.StepParser.MAX_DEPTH
              + " deep)");
    }
  }

  private static InputStream resource(String path) {
    return ScenarioLoader.class.getClassLoader().getResourceAsStream(path);
  }

  static Scenario parse(Config c, String defaultName, String source) {
    try {
      return new ScenarioReader(c).scenario(defaultName, source);
    } catch (ConfigException e) {
      throw new ScenarioException(ConfigValueException.from(e).getMessage());
    } catch (ConfigValueException e) {
      throw new ScenarioException(e.getMessage());
    }
  }
}
