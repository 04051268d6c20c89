package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * Shared plumbing of the user tools (kmod tools/*.c): the system calls as messages to the loader,
 * running init and exit on the caller's CPU, and kmod's message texts.
 */
final class ModuleTools {
  private ModuleTools() {}

  /**
   * A step that makes load or unload system calls. Every reply comes to {@link #handle}: RunInit
   * and RunExit run the module's function on this CPU first, and the system call's final reply
   * goes to {@link #returned}.
   */
  interface SyscallClient extends Step {
    /** The system call returned with {@code reply} (its init or exit, if any, has run). */
    StepResult returned(CpuContext cpu, Object reply);

    default StepResult handle(CpuContext cpu, Object reply) {
      StepResult running = runModuleCode(cpu, reply, this);
      return running != null ? running : returned(cpu, reply);
    }

    @Override
    default StepResult resume(CpuContext cpu, Object reply) {
      return handle(cpu, reply);
    }
  }

  /** The C return value of a load or unload system call: -errno when it failed, else 0. */
  static long syscallReturn(Object reply) {
    if (reply instanceof ModuleLoader.LoadFailed) {
      return ((ModuleLoader.LoadFailed) reply).errno().negative();
    }
    if (reply instanceof ModuleLoader.DeleteFailed) {
      return ((ModuleLoader.DeleteFailed) reply).errno().negative();
    }
    return 0;
  }

  /** init_module/finit_module from this CPU. */
  static StepResult load(CpuContext cpu, LoadInfo info) {
    cpu.send(cpu.services().get(ModuleLoader.KEY),
        new ModuleLoader.LoadModule(info, cpu.cred(), cpu.cpuId(), cpu.replyTo()));
    return StepResult.WAIT;
  }

  /** delete_module from this CPU, carrying its per-CPU module counters (2.6). */
  static StepResult delete(CpuContext cpu, String name, boolean nonblock, boolean force) {
    cpu.send(cpu.services().get(ModuleLoader.KEY),
        new ModuleLoader.DeleteModule(name, nonblock, force, cpu.cred(), cpu.cpuId(),
            moduleCounters(cpu), cpu.replyTo()));
    return StepResult.WAIT;
  }

  static Map<String, Long> moduleCounters(CpuContext cpu) {
    Map<String, Long> counters = new java.util.TreeMap<>();
    cpu.perCpu().snapshot().forEach((key, value) -> {
      if (key.startsWith("module:") && !key.endsWith(":seq")) {
        counters.put(key, value);
      }
    });
    return counters;
  }

  static void read(CpuContext cpu, String path) {
    cpu.send(cpu.services().get(Vfs.KEY),
        new Vfs.Request(new FileRequest.Read(path, cpu.cred(), cpu.replyTo())));
  }

  /**
   * Common handling of the loader's replies: RunInit and RunExit run the module's function on
   * this CPU and come back through {@link InitReturn} / {@link ExitReturn}. Returns null when the
   * reply is final and the client should look at it.
   */
  static StepResult runModuleCode(CpuContext cpu, Object reply, SyscallClient client) {
    if (reply instanceof ModuleLoader.RunInit) {
      ModuleLoader.RunInit run = (ModuleLoader.RunInit) reply;
      List<Step> body = new ArrayList<>(run.init());
      body.add(new InitReturn(run, client));
      cpu.setVariable("$ret", 0);
      cpu.call("init", body, 1);
      return StepResult.NEXT;
    }
    if (reply instanceof ModuleLoader.RunExit) {
      ModuleLoader.RunExit run = (ModuleLoader.RunExit) reply;
      List<Step> body = new ArrayList<>(run.exit());
      body.add(new ExitReturn(run.name(), client));
      cpu.call("exit", body, 1);
      return StepResult.NEXT;
    }
    return null;
  }

  /** The end of init: hands the return value to the load and waits for its verdict. */
  record InitReturn(ModuleLoader.RunInit init, SyscallClient client) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(init.loader(), new ModuleLoader.InitDone(init.load(), cpu.variable("$ret")));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      return client.handle(cpu, reply);
    }

    @Override
    public String name() {
      return "init_return";
    }
  }

  /** The end of exit: the loader frees the module. */
  record ExitReturn(String module, SyscallClient client) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(ModuleLoader.KEY),
          new ModuleLoader.ExitDone(module, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      return client.handle(cpu, reply);
    }

    @Override
    public String name() {
      return "exit_return";
    }
  }

  /** kmod insmod's mod_strerror. */
  static String insmodError(Errno errno) {
    switch (errno) {
      case ENOEXEC:
        return "Invalid module format";
      case ENOENT:
        return "Unknown symbol in module";
      case EINVAL:
        return "Invalid parameters";
      default:
        return errno.message();
    }
  }

  /** kmod modprobe's mod_strerror. */
  static String modprobeError(Errno errno) {
    switch (errno) {
      case ENOEXEC:
        return "Invalid module format";
      case ENOENT:
        return "Unknown symbol in module, or unknown parameter (see dmesg)";
      default:
        return errno.message();
    }
  }

  /** insmod joins its arguments with spaces, quoting values that contain one. */
  static String joinArgs(List<String> args) {
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

  static String content(Object reply) {
    return reply instanceof FileReply.Content ? ((FileReply.Content) reply).text() : "";
  }
}
