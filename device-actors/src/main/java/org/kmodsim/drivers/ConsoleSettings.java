package org.kmodsim.drivers;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import org.kmodsim.drivers.tty.serial.UartSettings;
import org.kmodsim.sim.config.ConfigValueException;
import org.kmodsim.sim.config.ConfigValues;

/**
 * The consoles of a machine, from {@code kmodsim.console} (the console= boot parameter, one entry
 * per console: {@code ttyS0,9600n8}, {@code ttyS1}, {@code ttynull}, {@code capture}) and {@code
 * kmodsim.serial} (FIFO depth, live output on the terminal).
 */
public record ConsoleSettings(List<Entry> consoles, boolean live) {

  /** One console= entry: a serial port with its line settings, a null or a capture console. */
  public record Entry(String name, Kind kind, UartSettings uart) {}

  public enum Kind {
    SERIAL,
    NULL,
    CAPTURE
  }

  public ConsoleSettings {
    consoles = List.copyOf(consoles);
  }

  public static ConsoleSettings fromConfig(Config config) {
    ConfigValues serial = ConfigValues.of(config, "kmodsim.serial");
    int fifo = serial.intIn("fifo-size", 1, 1 << 16);
    ConfigValues kmodsim = ConfigValues.of(config, "kmodsim");
    List<Entry> entries = new ArrayList<>();
    ConfigValue consoles = kmodsim.value("console");
    List<ConfigValue> specs =
        consoles.valueType() == ConfigValueType.LIST ? kmodsim.list("console") : List.of(consoles);
    for (ConfigValue spec : specs) {
      if (spec.valueType() != ConfigValueType.STRING) {
        throw ConfigValueException.at(
            spec.origin(), "kmodsim.console", "expected console specs such as \"ttyS0,9600n8\"");
      }
      try {
        entries.add(parse((String) spec.unwrapped(), fifo));
      } catch (IllegalArgumentException e) {
        throw ConfigValueException.at(
            spec.origin(),
            "kmodsim.console",
            e.getMessage().replaceFirst("^kmodsim.console: ", ""));
      }
    }
    return new ConsoleSettings(entries, serial.bool("live"));
  }

  /** Parses one console= value. */
  public static Entry parse(String spec, int fifo) {
    String s = spec.trim();
    int comma = s.indexOf(',');
    String name = comma < 0 ? s : s.substring(0, comma);
    String options = comma < 0 ? "" : s.substring(comma + 1);
    if (name.matches("ttyS[0-9]+")) {
      UartSettings uart =
          options.isEmpty()
              ? new UartSettings(9600, 8, 'n', 1, fifo)
              : UartSettings.parse(options, fifo);
      return new Entry(name, Kind.SERIAL, uart);
    }
    if (name.equals("ttynull")) {
      return new Entry(name, Kind.NULL, null);
    }
    if (name.equals("capture")) {
      return new Entry(name, Kind.CAPTURE, null);
    }
    throw new IllegalArgumentException(
        "kmodsim.console: unknown console '"
            + spec
            + "' (expected ttyS<N>[,9600n8], ttynull or capture)");
  }
}
