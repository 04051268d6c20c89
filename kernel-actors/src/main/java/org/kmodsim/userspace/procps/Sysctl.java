package org.kmodsim.userspace.procps;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Each;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
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
    commands.register("sysctl [-w] NAME[=VALUE]...", Sysctl::parse);
  }

  static Step parse(List<String> args) {
    List<String> names = new ArrayList<>(args);
    boolean write = names.remove("-w");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("needs a variable name");
    }
    return new Program(
        "sysctl", cpu -> Each.of(cpu, names, (c, name, next) -> item(c, name, write, next)));
  }

  private static StepResult item(CpuContext cpu, String name, boolean write, Each.Next next) {
    SysctlItem item = SysctlItem.of(name);
    Then<FileReply> then =
        (c, reply) -> {
          if (reply instanceof FileReply.Failed failed) {
            c.fail(1, item.error(failed));
          } else {
            c.out(item.line(reply));
          }
          return next.apply(c);
        };
    if (item.value() != null) {
      return FileCalls.write(cpu, item.path(), item.value() + "\n", then);
    } else if (write) {
      cpu.fail(1, "sysctl: \"" + name + "\" must be of the form name=value\n");
      return next.apply(cpu);
    }
    return FileCalls.read(cpu, item.path(), then);
  }

  static String pathOf(String name) {
    return "/proc/sys/" + name.replace('.', '/');
  }
}
