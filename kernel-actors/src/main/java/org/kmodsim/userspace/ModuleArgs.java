package org.kmodsim.userspace;

import java.util.ArrayList;
import java.util.List;

/** How the module tools read their arguments: module names and the parameter string. */
public final class ModuleArgs {
  private ModuleArgs() {}

  /** insmod joins its arguments with spaces, quoting values that contain one. */
  public static String join(List<String> args) {
    List<String> quoted = new ArrayList<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (arg.contains(" ") && eq > 0 && !arg.substring(eq + 1).startsWith("\"")) {
        quoted.add(arg.substring(0, eq + 1) + "\"" + arg.substring(eq + 1) + "\"");
      } else {
        quoted.add(arg);
      }
    }
    return String.join(" ", quoted);
  }

  /** The module name of a file or module argument: no directory, no suffix, '-' as '_'. */
  public static String moduleName(String arg) {
    String name = arg.substring(arg.lastIndexOf('/') + 1);
    for (String suffix : new String[] {".conf", ".ko", ".o"}) {
      if (name.endsWith(suffix)) {
        name = name.substring(0, name.length() - suffix.length());
      }
    }
    return name.replace('-', '_');
  }
}
