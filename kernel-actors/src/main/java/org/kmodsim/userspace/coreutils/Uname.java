package org.kmodsim.userspace.coreutils;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Utsname;
import org.kmodsim.userspace.Program;

/**
 * coreutils 9.1 {@code uname} (src/uname.c): the fields of uname(2) the options select, in the
 * fixed order kernel name, node name, release, version, machine, processor, hardware platform,
 * operating system; {@code -a} leaves out the two "unknown" ones. The utsname is the era's ({@link
 * Utsname}); the model's uname(2) is not a message to a kernel actor, since nothing in the kernel
 * changes it.
 */
public final class Uname {
  private Uname() {}

  public static void register(Commands commands, Era era) {
    register(commands, Utsname.of(era));
  }

  /** uname over the machine's utsname (a real tree's release). */
  public static void register(Commands commands, Utsname uts) {
    commands.register("uname", "uname [-asnrvmpio]", args -> uname(args, uts));
  }

  private static final String LETTERS = "snrvmpio";
  private static final List<String> LONG =
      List.of(
          "kernel-name",
          "nodename",
          "kernel-release",
          "kernel-version",
          "machine",
          "processor",
          "hardware-platform",
          "operating-system");

  static Step uname(List<String> args, Utsname uts) {
    boolean[] shown = new boolean[LETTERS.length()];
    boolean all = false;
    String error = null;
    for (String arg : args) {
      if (arg.equals("--all")) {
        all = true;
      } else if (arg.startsWith("--") && LONG.contains(arg.substring(2))) {
        shown[LONG.indexOf(arg.substring(2))] = true;
      } else if (arg.startsWith("--")) {
        error = "uname: unrecognized option '" + arg + "'";
      } else if (arg.startsWith("-") && arg.length() > 1) {
        for (char c : arg.substring(1).toCharArray()) {
          if (c == 'a') {
            all = true;
          } else if (LETTERS.indexOf(c) >= 0) {
            shown[LETTERS.indexOf(c)] = true;
          } else if (error == null) {
            error = "uname: invalid option -- '" + c + "'";
          }
        }
      } else if (error == null) {
        error = "uname: extra operand '" + arg + "'";
      }
      if (error != null) {
        break;
      }
    }
    String failed = error;
    String text = failed == null ? line(uts, shown, all) : null;
    return new Program(
        "uname",
        cpu -> {
          if (failed != null) {
            cpu.err(failed + "\nTry 'uname --help' for more information.\n");
            cpu.exit(1);
          } else {
            cpu.out(text);
          }
          return org.kmodsim.cpu.StepResult.NEXT;
        });
  }

  private static String line(Utsname uts, boolean[] shown, boolean all) {
    boolean none = true;
    for (boolean b : shown) {
      none &= !b;
    }
    String[] values = {
      uts.sysname(),
      uts.nodename(),
      uts.release(),
      uts.version(),
      uts.machine(),
      "unknown",
      "unknown",
      "GNU/Linux"
    };
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      boolean unknown = i == 5 || i == 6;
      if (all ? !unknown : shown[i] || (none && i == 0)) {
        fields.add(values[i]);
      }
    }
    return String.join(" ", fields) + "\n";
  }
}
