package org.kmodsim.userspace.coreutils;

import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The file commands of the batch shell, as user processes doing system calls on the Vfs:
 * {@code cat PATH...}, {@code echo WORDS > PATH}, {@code ls PATH}, {@code sysctl [-w] NAME[=V]}.
 * Messages are those of coreutils, bash and procps.
 */
public final class FileSteps {
  private FileSteps() {}

  public static void register(Commands commands) {
    commands.register("cat", "cat FILE...", FileSteps::cat);
    commands.register("echo", "echo [-n] WORDS [> FILE]", FileSteps::echo);
    commands.register("ls", "ls [DIR]", FileSteps::ls);
    commands.register("sysctl", "sysctl [-w] NAME[=VALUE]...", FileSteps::sysctl);
  }

  static Step cat(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("needs a file (standard input is not modelled)");
    }
    return new Cat(List.copyOf(args));
  }

  static Step echo(List<String> args) {
    List<String> words = new ArrayList<>(args);
    boolean newline = true;
    if (!words.isEmpty() && words.get(0).equals("-n")) {
      newline = false;
      words.remove(0);
    }
    int redirect = words.indexOf(">");
    String path = null;
    if (redirect >= 0) {
      if (redirect != words.size() - 2) {
        throw new IllegalArgumentException("expected one file after '>'");
      }
      path = words.get(redirect + 1);
      words = words.subList(0, redirect);
    }
    return new Echo(String.join(" ", words) + (newline ? "\n" : ""), path);
  }

  static Step ls(List<String> args) {
    if (args.size() > 1) {
      throw new IllegalArgumentException("lists one directory");
    }
    return new Ls(args.isEmpty() ? "/" : args.get(0));
  }

  static Step sysctl(List<String> args) {
    List<String> names = new ArrayList<>(args);
    boolean write = names.remove("-w");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("needs a variable name");
    }
    return new Sysctl(List.copyOf(names), write);
  }

  /** cat: reads each file in turn and copies it to standard output. */
  record Cat(List<String> paths) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.setVariable("$cat", 0);
      return readNext(cpu);
    }

    private StepResult readNext(CpuContext cpu) {
      int index = (int) cpu.variable("$cat");
      if (index == paths.size()) {
        return StepResult.NEXT;
      }
      cpu.send(cpu.services().get(Vfs.KEY),
          new Vfs.Request(new FileRequest.Read(paths.get(index), cpu.cred(), cpu.replyTo())));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      int index = (int) cpu.variable("$cat");
      if (reply instanceof FileReply.Content) {
        cpu.out(((FileReply.Content) reply).text());
      } else {
        FileReply.Failed failed = (FileReply.Failed) reply;
        cpu.err("cat: " + paths.get(index) + ": " + failed.errno().message() + "\n");
        cpu.exit(1);
      }
      cpu.setVariable("$cat", index + 1);
      return readNext(cpu);
    }

    @Override
    public String name() {
      return "cat";
    }
  }

  /** echo, with the bash messages for a failed redirection or write. */
  record Echo(String text, String path) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      if (path == null) {
        cpu.out(text);
        return StepResult.NEXT;
      }
      cpu.send(cpu.services().get(Vfs.KEY),
          new Vfs.Request(new FileRequest.Write(path, text, cpu.cred(), cpu.replyTo())));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      if (reply instanceof FileReply.Failed) {
        FileReply.Failed failed = (FileReply.Failed) reply;
        if (failed.atOpen()) {
          cpu.err("bash: " + path + ": " + failed.errno().message() + "\n");
        } else {
          cpu.err("bash: echo: write error: " + failed.errno().message() + "\n");
        }
        cpu.exit(1);
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "echo";
    }
  }

  /** ls: one name per line, as when standard output is not a terminal. */
  record Ls(String path) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(Vfs.KEY),
          new Vfs.Request(new FileRequest.List(path, cpu.cred(), cpu.replyTo())));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      if (reply instanceof FileReply.Listing) {
        for (String name : ((FileReply.Listing) reply).names()) {
          cpu.out(name + "\n");
        }
      } else if (reply instanceof FileReply.Content) {
        cpu.out(path + "\n"); // a file lists as itself
      } else {
        FileReply.Failed failed = (FileReply.Failed) reply;
        cpu.err("ls: cannot access '" + path + "': " + failed.errno().message() + "\n");
        cpu.exit(2);
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "ls";
    }
  }

  /** sysctl (procps): NAME reads /proc/sys/NAME with dots as slashes; -w NAME=VALUE writes. */
  record Sysctl(List<String> names, boolean write) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.setVariable("$sysctl", 0);
      return next(cpu);
    }

    private StepResult next(CpuContext cpu) {
      int index = (int) cpu.variable("$sysctl");
      if (index == names.size()) {
        return StepResult.NEXT;
      }
      String name = names.get(index);
      int eq = name.indexOf('=');
      FileRequest request;
      if (eq >= 0) {
        String value = name.substring(eq + 1);
        request = new FileRequest.Write(pathOf(name.substring(0, eq)), value + "\n", cpu.cred(),
            cpu.replyTo());
      } else if (write) {
        cpu.err("sysctl: \"" + name + "\" must be of the form name=value\n");
        cpu.exit(1);
        cpu.setVariable("$sysctl", index + 1);
        return next(cpu);
      } else {
        request = new FileRequest.Read(pathOf(name), cpu.cred(), cpu.replyTo());
      }
      cpu.send(cpu.services().get(Vfs.KEY), new Vfs.Request(request));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      int index = (int) cpu.variable("$sysctl");
      String item = names.get(index);
      int eq = item.indexOf('=');
      String name = eq >= 0 ? item.substring(0, eq) : item;
      if (reply instanceof FileReply.Content) {
        String value = ((FileReply.Content) reply).text().strip().replaceAll("\\s+", "\t");
        cpu.out(name + " = " + value + "\n");
      } else if (reply instanceof FileReply.Written) {
        cpu.out(name + " = " + item.substring(eq + 1) + "\n");
      } else {
        FileReply.Failed failed = (FileReply.Failed) reply;
        if (failed.errno() == org.kmodsim.kernel.Errno.ENOENT) {
          cpu.err("sysctl: cannot stat " + pathOf(name) + ": No such file or directory\n");
        } else if (eq >= 0) {
          cpu.err("sysctl: setting key \"" + name + "\": " + failed.errno().message() + "\n");
        } else {
          cpu.err("sysctl: reading key \"" + name + "\": " + failed.errno().message() + "\n");
        }
        cpu.exit(1);
      }
      cpu.setVariable("$sysctl", index + 1);
      return next(cpu);
    }

    static String pathOf(String name) {
      return "/proc/sys/" + name.replace('.', '/');
    }

    @Override
    public String name() {
      return "sysctl";
    }
  }
}
