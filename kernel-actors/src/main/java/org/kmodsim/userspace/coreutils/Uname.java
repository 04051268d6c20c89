package org.kmodsim.userspace.coreutils;

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
 * Utsname}), the options {@link UnameCommand}'s; the model's uname(2) is not a message to a kernel
 * actor, since nothing in the kernel changes it.
 */
public final class Uname {
  private Uname() {}

  public static void register(Commands commands, Era era) {
    register(commands, Utsname.of(era));
  }

  /** uname over the machine's utsname (a real tree's release). */
  public static void register(Commands commands, Utsname uts) {
    commands.register("uname [-asnrvmpio]", args -> uname(args, uts));
  }

  static Step uname(List<String> args, Utsname uts) {
    UnameCommand command = UnameCommand.parse(args);
    String text = command.line(uts);
    return new Program(
        "uname",
        cpu -> {
          if (command.error() != null) {
            return cpu.fail(1, command.error());
          }
          return cpu.printing(text);
        });
  }
}
