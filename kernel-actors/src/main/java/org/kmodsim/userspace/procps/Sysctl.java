package org.kmodsim.userspace.procps;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.Program;

/**
 * procps' sysctl: {@code NAME} reads /proc/sys/NAME with dots as slashes, {@code NAME=VALUE} (with
 * or without {@code -w}) writes it; procps' messages.
 */
public final class Sysctl {
  private Sysctl() {}

  public static void register(Commands commands) {
    commands.register("sysctl", "sysctl [-w] NAME[=VALUE]...", Sysctl::parse);
  }

  static Step parse(List<String> args) {
    List<String> names = new ArrayList<>(args);
    boolean write = names.remove("-w");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("needs a variable name");
    }
    List<String> items = List.copyOf(names);
    return new Program("sysctl", cpu -> next(cpu, items, write, 0));
  }

  private static StepResult next(CpuContext cpu, List<String> items, boolean write, int index) {
    if (index == items.size()) {
      return StepResult.NEXT;
    }
    String item = items.get(index);
    int eq = item.indexOf('=');
    Then<FileReply> then =
        (c, reply) -> {
          print(c, item, reply);
          return next(c, items, write, index + 1);
        };
    if (eq >= 0) {
      return FileCalls.write(
          cpu, pathOf(item.substring(0, eq)), item.substring(eq + 1) + "\n", then);
    }
    if (write) {
      cpu.err("sysctl: \"" + item + "\" must be of the form name=value\n");
      cpu.exit(1);
      return next(cpu, items, write, index + 1);
    }
    return FileCalls.read(cpu, pathOf(item), then);
  }

  private static void print(CpuContext cpu, String item, FileReply reply) {
    int eq = item.indexOf('=');
    String name = eq >= 0 ? item.substring(0, eq) : item;
    if (reply instanceof FileReply.Content content) {
      cpu.out(name + " = " + content.text().strip().replaceAll("\\s+", "\t") + "\n");
    } else if (reply instanceof FileReply.Written) {
      cpu.out(name + " = " + item.substring(eq + 1) + "\n");
    } else if (reply instanceof FileReply.Failed failed) {
      if (failed.errno() == Errno.ENOENT) {
        cpu.err("sysctl: cannot stat " + pathOf(name) + ": No such file or directory\n");
      } else {
        cpu.err(
            "sysctl: "
                + (eq >= 0 ? "setting" : "reading")
                + " key \""
                + name
                + "\": "
                + failed.errno().message()
                + "\n");
      }
      cpu.exit(1);
    }
  }

  static String pathOf(String name) {
    return "/proc/sys/" + name.replace('.', '/');
  }
}
