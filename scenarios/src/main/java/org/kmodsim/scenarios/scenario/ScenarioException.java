package org.kmodsim.scenarios.scenario;

import com.typesafe.config.ConfigOrigin;

/**
 * A scenario file that cannot run: malformed HOCON, an unknown key, a bad value. The message names
 * the file, the line and the key; the command line prints it and exits with status 2.
 */
public class ScenarioException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message) {
    super(message);
  }

  /** {@code FILE:LINE: KEY: message}. */
  public static ScenarioException at(ConfigOrigin origin, String key, String message) {
    return new ScenarioException(where(origin) + ": " + key + ": " + message);
  }

  /** {@code FILE:LINE} of a value's origin. */
  public static String where(ConfigOrigin origin) {
    if (origin == null) {
      return "<scenario>";
    }
    String file =
        origin.filename() != null
            ? origin.filename()
            : origin.resource() != null
                ? origin.resource()
                : origin.description().replaceFirst(":\\s*\\d+(-\\d+)?$", "");
    return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
  }
}
