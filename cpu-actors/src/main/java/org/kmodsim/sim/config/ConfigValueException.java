package org.kmodsim.sim.config;

import com.typesafe.config.ConfigOrigin;

/**
 * A configuration, scenario or module-file value that cannot be used: {@code FILE:LINE: KEY:
 * reason}. It is the user's mistake, never a bug: the command line prints the message as it is and
 * exits with status 2.
 */
public class ConfigValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String where;
  private final String key;
  private final String reason;

  public ConfigValueException(String message) {
    super(message);
    this.where = null;
    this.key = null;
    this.reason = message;
  }

  private ConfigValueException(String where, String key, String reason) {
    super(where + ": " + key + ": " + reason);
    this.where = where;
    this.key = key;
    this.reason = reason;
  }

  /** {@code FILE:LINE: KEY: reason}. */
  public static ConfigValueException at(ConfigOrigin origin, String key, String reason) {
    return new ConfigValueException(where(origin), key, reason);
  }

  /**
   * A HOCON library error (a syntax error, an unresolved substitution, a missing include) in the
   * user's terms: {@code FILE:LINE: reason}, without the library's class names or advice to call
   * its methods.
   */
  public static ConfigValueException from(com.typesafe.config.ConfigException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    ConfigOrigin origin = e.origin();
    if (origin != null && message.startsWith(origin.description() + ": ")) {
      message = message.substring(origin.description().length() + 2);
    }
    message =
        message
            .replaceAll("\\s*\\(?(you )?need to (call )?Config#resolve\\(\\)[^)]*\\)?", "")
            .replaceAll("com\\.typesafe\\.config\\.[A-Za-z.$]+", "a value")
            .replace("Config#resolve()", "resolving");
    message = oneLine(message);
    if (e instanceof com.typesafe.config.ConfigException.UnresolvedSubstitution) {
      message += " (set the variable, or use ${?NAME} for an optional one)";
    }
    String text = origin == null ? message : where(origin) + ": " + message;
    return new ConfigValueException(text);
  }

  /**
   * The parser's message on one line, without its dump of tokens: "Key 'x' may not be followed by
   * token: ..." says that a key has no value.
   */
  static String oneLine(String message) {
    String text = message.strip();
    int token = text.indexOf(" may not be followed by token: ");
    if (token >= 0) {
      text = text.substring(0, token) + " is not followed by '=' or ':' and a value";
    }
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline).strip() + " ...";
    }
    return text.length() > 300 ? text.substring(0, 300) + " ..." : text;
  }

  /** The same refusal with the key named as the caller knows it (a step's program, say). */
  public ConfigValueException withKey(String newKey) {
    return where == null ? this : new ConfigValueException(where, newKey, reason);
  }

  /** What is wrong, without the file, line and key. */
  public String reason() {
    return reason;
  }

  public String key() {
    return key;
  }

  /**
   * {@code FILE:LINE} of a value's origin: the file name as the user gave it, the resource, or the
   * description (an override given on the command line describes itself, e.g. {@code --set}).
   */
  public static String where(ConfigOrigin origin) {
    if (origin == null) {
      return "<configuration>";
    }
    String file =
        origin.filename() != null
            ? origin.filename()
            : origin.resource() != null
                ? origin.resource()
                : origin.description().replaceFirst(":\\s*\\d+(-\\d+)?$", "");
    file = file.replaceFirst(" @ .*$", "");
    // an option on the command line is one line: its name says where it is
    boolean option = file.startsWith("--");
    return origin.lineNumber() > 0 && !option ? file + ":" + origin.lineNumber() : file;
  }
}
