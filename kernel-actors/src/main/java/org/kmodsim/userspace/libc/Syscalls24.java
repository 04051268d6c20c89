package org.kmodsim.userspace.libc;

import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleQuery;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ModuleTools;
import org.kmodsim.userspace.modutils.Modutils24;

import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * The 2.4 module system calls as steps (2.4 kernel/module.c), the result being the call's
 * return value: {@code create_module NAME SIZE} (the new module's address, or -errno),
 * {@code init_module NAME FILE [MOD_AUTOCLEAN] [name=value ...]} (the image is the module file
 * linked as insmod would link it: its symbols resolved against /proc/ksyms; a symbol that does
 * not resolve ends the step with -ENOENT before the call, there being no image to pass),
 * {@code delete_module [NAME]} (no name: NULL, the autoclean call) and
 * {@code query_module NAME|NULL WHICH [BUFSIZE]}, which prints what it returns.
 */
final class Syscalls24 {
  private Syscalls24() {}

  static void register(Commands commands, ModuleRepository repository) {
    commands.register("create_module", "create_module NAME SIZE (2.4; ENOSYS from 2.6 on)",
        Syscalls24::create);
    commands.register("init_module", "init_module NAME FILE [MOD_AUTOCLEAN] [name=value ...]"
        + " (2.4; from 2.6: init_module FILE [name=value ...])",
        args -> init(args, repository));
    commands.register("delete_module", "delete_module [NAME] (2.4: no NAME is NULL, autoclean)",
        args -> new Syscalls.Delete(args.isEmpty() ? null : args.get(0), true, false));
    commands.register("query_module", "query_module NAME|NULL WHICH [BUFSIZE] (2.4; WHICH 0,"
        + " QM_MODULES, QM_DEPS, QM_REFS, QM_SYMBOLS, QM_INFO or 1-5)", Syscalls24::query);
  }

  private static Step create(List<String> args) {
    if (args.size() != 2) {
      throw new IllegalArgumentException("needs a module name and a size");
    }
    try {
      return new CreateModule(args.get(0), Long.decode(args.get(1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad size '" + args.get(1) + "'");
    }
  }

  private static Step init(List<String> args, ModuleRepository repository) {
    if (args.size() < 2) {
      throw new IllegalArgumentException("needs a module name and a module file");
    }
    boolean autoclean = args.size() > 2 && args.get(2).equals("MOD_AUTOCLEAN");
    List<String> params = args.subList(autoclean ? 3 : 2, args.size());
    return new InitModule(repository, args.get(0), args.get(1), autoclean, List.copyOf(params));
  }

  private static Step query(List<String> args) {
    if (args.size() < 2 || args.size() > 3) {
      throw new IllegalArgumentException("needs a module name (or NULL) and WHICH");
    }
    int which = ModuleQuery.which(args.get(1));
    if (which < 0) {
      throw new IllegalArgumentException("bad WHICH '" + args.get(1) + "'");
    }
    long bufsize = -1;
    if (args.size() == 3) {
      try {
        bufsize = Long.decode(args.get(2));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad BUFSIZE '" + args.get(2) + "'");
      }
    }
    String name = args.get(0).equals("NULL") ? null : args.get(0);
    return new QueryModule(name, which, bufsize);
  }

  /** create_module(name, size): the address of the blank module, or -errno. */
  record CreateModule(String module, long size) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(ModuleLoader.KEY),
          new ModuleLoader.CreateModule(module, size, cpu.cred(), cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      if (reply instanceof ModuleLoader.Created) {
        cpu.setResult(((ModuleLoader.Created) reply).address());
      } else if (reply instanceof ModuleLoader.LoadFailed) {
        cpu.setResult(((ModuleLoader.LoadFailed) reply).errno().negative());
      }
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "create_module";
    }
  }

  /** init_module(name, image): links the image against /proc/ksyms, then the call. */
  record InitModule(ModuleRepository repository, String module, String file, boolean autoclean,
      List<String> params) implements ModuleTools.SyscallClient {
    @Override
    public StepResult run(CpuContext cpu) {
      if (definition() == null) {
        cpu.setResult(repository.file(file) == null ? Errno.EFAULT.negative()
            : Errno.ENOEXEC.negative());
        return StepResult.NEXT;
      }
      ModuleTools.read(cpu, "/proc/ksyms");
      return StepResult.WAIT;
    }

    private ModuleDefinition definition() {
      ModuleRepository.Found found = repository.file(file);
      if (found == null) {
        return null;
      }
      try {
        ModuleDefinition def = ModuleFile.parse(found.fileName(), found.text(), Era.V2_4);
        return autoclean ? def.withAutoclean() : def;
      } catch (ModuleFile.ModuleFormatException e) {
        return null;
      }
    }

    @Override
    public StepResult handle(CpuContext cpu, Object reply) {
      if (reply instanceof FileReply) {
        ModuleDefinition def = definition();
        if (def == null) {
          cpu.setResult(Errno.ENOEXEC.negative());
          return StepResult.NEXT;
        }
        Modutils24.Resolution resolution = Modutils24.resolve(def, ModuleTools.content(reply));
        if (!resolution.unresolved().isEmpty()) {
          cpu.trace("init_module", module + ": unresolved " + resolution.unresolved());
          cpu.setResult(Errno.ENOENT.negative());
          return StepResult.NEXT;
        }
        LoadInfo image = new LoadInfo(def, ModuleTools.joinArgs(params), "init_module", false,
            false, false, resolution.owners());
        cpu.send(cpu.services().get(ModuleLoader.KEY), new ModuleLoader.InitModule(module,
            image, cpu.cred(), cpu.cpuId(), cpu.replyTo()));
        return StepResult.WAIT;
      }
      return ModuleTools.SyscallClient.super.handle(cpu, reply);
    }

    @Override
    public StepResult returned(CpuContext cpu, Object reply) {
      cpu.setResult(ModuleTools.syscallReturn(reply));
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "init_module";
    }
  }

  /** query_module(name, which, buf, bufsize, &amp;ret): prints the call, then the buffer. */
  record QueryModule(String module, int which, long bufsize) implements Step {
    @Override
    public StepResult run(CpuContext cpu) {
      cpu.send(cpu.services().get(ModuleLoader.KEY),
          new ModuleLoader.QueryModule(module, which, bufsize, cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult resume(CpuContext cpu, Object reply) {
      if (!(reply instanceof ModuleQuery.Answer)) {
        return StepResult.NEXT;
      }
      ModuleQuery.Answer answer = (ModuleQuery.Answer) reply;
      cpu.out(ModuleQuery.render(module, which, bufsize, answer));
      cpu.setResult(answer.result());
      return StepResult.NEXT;
    }

    @Override
    public String name() {
      return "query_module";
    }
  }
}
