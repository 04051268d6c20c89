package org.kmodsim.userspace.libc;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleQuery;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;
import org.kmodsim.userspace.modutils.Modutils24;

/**
 * The 2.4 module system calls as steps (2.4 kernel/module.c), the result being the call's return
 * value: {@code create_module NAME SIZE} (the new module's address, or -errno), {@code init_module
 * NAME FILE [MOD_AUTOCLEAN] [name=value ...]} (the image is the module file linked as insmod would
 * link it: its symbols resolved against /proc/ksyms; a symbol that does not resolve ends the step
 * with -ENOENT before the call, there being no image to pass), {@code delete_module [NAME]} (no
 * name: NULL, the autoclean call) and {@code query_module NAME|NULL WHICH [BUFSIZE]}, which prints
 * what it returns.
 */
final class Syscalls24 {
  private Syscalls24() {}

  static void register(Commands commands, ModuleRepository repository) {
    commands.registerSyscall(
        "create_module", "create_module NAME SIZE (2.4; ENOSYS from 2.6 on)", Syscalls24::create);
    commands.registerSyscall(
        "init_module",
        "init_module NAME FILE [MOD_AUTOCLEAN] [name=value ...]"
            + " (2.4; from 2.6: init_module FILE [name=value ...])",
        args -> init(args, repository));
    commands.registerSyscall(
        "delete_module",
        "delete_module [NAME] (2.4: no NAME is NULL, autoclean)",
        args -> Syscalls.deleteModule(args.isEmpty() ? null : args.get(0), true, false));
    commands.registerSyscall(
        "query_module",
        "query_module NAME|NULL WHICH [BUFSIZE] (2.4; WHICH 0,"
            + " QM_MODULES, QM_DEPS, QM_REFS, QM_SYMBOLS, QM_INFO or 1-5)",
        Syscalls24::query);
  }

  private static Step create(List<String> args) {
    if (args.size() != 2) {
      throw new IllegalArgumentException("needs a module name and a size");
    }
    try {
      return createModule(args.get(0), Long.decode(args.get(1)));
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
    String module = args.get(0);
    String file = args.get(1);
    List<String> passed = List.copyOf(params);
    return new Program(
        "init_module", cpu -> initModule(cpu, repository, module, file, autoclean, passed));
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
    return queryModule(name, which, bufsize);
  }

  /** create_module(name, size): the address of the blank module, or -errno. */
  private static Step createModule(String module, long size) {
    return new Program(
        "create_module",
        cpu ->
            ModuleSyscalls.createModule(
                cpu,
                module,
                size,
                Then.result(
                    reply ->
                        reply instanceof ModuleLoader.Created created
                            ? created.address()
                            : ModuleSyscalls.returnValue(reply))));
  }

  /** init_module(name, image): links the image against /proc/ksyms, then the call. */
  private static StepResult initModule(
      CpuContext cpu,
      ModuleRepository repository,
      String module,
      String file,
      boolean autoclean,
      List<String> params) {
    ModuleRepository.Found found = repository.file(file);
    ModuleDefinition def = definition(found, autoclean);
    if (def == null) {
      return cpu.returning(found == null ? Errno.EFAULT.negative() : Errno.ENOEXEC.negative());
    }
    return FileCalls.read(
        cpu,
        "/proc/ksyms",
        (c, ksyms) -> {
          Modutils24.Resolution resolution = Modutils24.resolve(def, FileCalls.content(ksyms));
          if (!resolution.unresolved().isEmpty()) {
            c.trace("init_module", module + ": unresolved " + resolution.unresolved());
            return c.returning(Errno.ENOENT.negative());
          }
          LoadInfo image =
              new LoadInfo(
                  def,
                  ModuleArgs.join(params),
                  "init_module",
                  false,
                  false,
                  false,
                  resolution.owners());
          return ModuleSyscalls.initModule24(
              c, module, image, Then.result(ModuleSyscalls::returnValue));
        });
  }

  private static ModuleDefinition definition(ModuleRepository.Found found, boolean autoclean) {
    if (found == null) {
      return null;
    }
    try {
      ModuleDefinition def = found.definition(Era.V2_4);
      return autoclean ? def.withAutoclean() : def;
    } catch (ModuleFile.ModuleFormatException e) {
      return null;
    }
  }

  /** query_module(name, which, buf, bufsize, &amp;ret): prints the call, then the buffer. */
  private static Step queryModule(String module, int which, long bufsize) {
    return new Program(
        "query_module",
        cpu ->
            ModuleSyscalls.queryModule(
                cpu,
                module,
                which,
                bufsize,
                (c, answer) -> {
                  c.out(ModuleQuery.render(module, which, bufsize, answer));
                  return c.returning(answer.result());
                }));
  }
}
