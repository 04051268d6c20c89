package org.kmodsim.userspace.coreutils;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Each;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.Program;

/**
 * coreutils' {@code cat PATH...} and {@code ls PATH}, and bash's {@code echo WORDS > PATH}, as user
 * processes doing system calls on the VFS, with their messages and exit statuses.
 */
public final class Coreutils {
  private Coreutils() {}

  public static void register(Commands commands) {
    commands.register("cat FILE...", Coreutils::cat);
    commands.register("echo [-n] WORDS [> FILE]", Coreutils::echo);
    commands.register("ls [DIR]", Coreutils::ls);
  }

  static Step cat(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a file (standard input is not modelled)");
    }
    return new Program("cat", cpu -> Each.of(cpu, args, Coreutils::cat));
  }

  /** cat: reads each file in turn and copies it to standard output. */
  private static StepResult cat(CpuContext cpu, String path, Each.Next next) {
    return FileCalls.read(
        cpu,
        path,
        (c, reply) -> {
          if (reply instanceof FileReply.Content content) {
            c.out(content.text());
          } else if (reply instanceof FileReply.Failed failed) {
            c.fail(1, "cat: " + path + ": " + failed.errno().message() + "\n");
          }
          return next.apply(c);
        });
  }

  static Step echo(List<String> args) {
    EchoCommand echo = EchoCommand.parse(args);
    return new Program("echo", cpu -> echo(cpu, echo.text(), echo.path()));
  }

  /** echo, with the bash messages for a failed redirection or write. */
  private static StepResult echo(CpuContext cpu, String text, String path) {
    if (path == null) {
      return cpu.printing(text);
    }
    return FileCalls.write(
        cpu,
        path,
        text,
        (c, reply) -> {
          if (!(reply instanceof FileReply.Failed failed)) {
            return StepResult.NEXT;
          }
          String where = failed.atOpen() ? path : "echo: write error";
          return c.fail(1, "bash: " + where + ": " + failed.errno().message() + "\n");
        });
  }

  static Step ls(List<String> args) {
    if (args.size() > 1) {
      throw new IllegalArgumentException("lists one directory");
    }
    String path = args.isEmpty() ? "/" : args.get(0);
    return new Program("ls", cpu -> FileCalls.list(cpu, path, (c, reply) -> ls(c, path, reply)));
  }

  /** ls: one name per line, as when standard output is not a terminal. */
  private static StepResult ls(CpuContext cpu, String path, FileReply reply) {
    if (reply instanceof FileReply.Listing listing) {
      listing.names().forEach(name -> cpu.out(name + "\n"));
    } else if (reply instanceof FileReply.Content) {
      cpu.out(path + "\n"); // a file lists as itself
    } else if (reply instanceof FileReply.Failed failed) {
      cpu.fail(2, "ls: cannot access '" + path + "': " + failed.errno().message() + "\n");
    }
    return StepResult.NEXT;
  }
}
