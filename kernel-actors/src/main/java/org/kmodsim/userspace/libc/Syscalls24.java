package org.kmodsim.userspace.libc;

import static org.kmodsim.kernel.module.ModuleSyscalls.createModule;
import static org.kmodsim.kernel.module.ModuleSyscalls.initModule24;
import static org.kmodsim.kernel.module.ModuleSyscalls.queryModule;
import static org.kmodsim.kernel.module.ModuleSyscalls.returnValue;

import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleQuery;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.userspace.FileCalls;
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
        "create_module NAME SIZE (2.4; ENOSYS from 2.6 on)",
        args -> create(ModuleCallArgs.Create.parse(args)));
    commands.registerSyscall(
        "init_module NAME FILE [MOD_AUTOCLEAN] [name=value ...]"
            + " (2.4; from 2.6: init_module FILE [name=value ...])",
        args -> initModule(repository, ModuleCallArgs.Init24.parse(args)));
    commands.registerSyscall(
        "delete_module [NAME] (2.4: no NAME is NULL, autoclean)",
        args -> Syscalls.deleteModule(ModuleCallArgs.Delete.parse24(args)));
    commands.registerSyscall(
        "query_module NAME|NULL WHICH [BUFSIZE] (2.4; WHICH 0,"
            + " QM_MODULES, QM_DEPS, QM_REFS, QM_SYMBOLS, QM_INFO or 1-5)",
        args -> query(ModuleCallArgs.Query.parse(args)));
  }

  /** create_module(name, size): the address of the blank module, or -errno. */
  private static Step create(ModuleCallArgs.Create call) {
    Then<ModuleLoader.LoadReply> returned =
        Then.result(r -> r instanceof ModuleLoader.Created c ? c.address() : returnValue(r));
    return new Program(
        "create_module", cpu -> createModule(cpu, call.name(), call.size(), returned));
  }

  /** init_module(name, image): links the image against /proc/ksyms, then the call. */
  private static Step initModule(ModuleRepository repository, ModuleCallArgs.Init24 call) {
    return new Program("init_module", cpu -> initModule(cpu, repository, call));
  }

  private static StepResult initModule(
      CpuContext cpu, ModuleRepository repository, ModuleCallArgs.Init24 call) {
    ModuleRepository.Found found = repository.file(call.file());
    ModuleDefinition def = call.definition(found);
    if (def == null) {
      return cpu.returning(found == null ? Errno.EFAULT.negative() : Errno.ENOEXEC.negative());
    }
    return FileCalls.read(
        cpu,
        "/proc/ksyms",
        (c, ksyms) -> {
          Modutils24.Resolution resolution = Modutils24.resolve(def, FileCalls.content(ksyms));
          if (!resolution.unresolved().isEmpty()) {
            c.trace("init_module", call.module() + ": unresolved " + resolution.unresolved());
            return c.returning(Errno.ENOENT.negative());
          }
          LoadInfo image = call.image(def, resolution.owners());
          return initModule24(c, call.module(), image, Then.result(ModuleSyscalls::returnValue));
        });
  }

  /** query_module(name, which, buf, bufsize, &amp;ret): prints the call, then the buffer. */
  private static Step query(ModuleCallArgs.Query call) {
    Then<ModuleQuery.Answer> printed =
        (cpu, answer) -> {
          cpu.out(ModuleQuery.render(call.name(), call.which(), call.bufsize(), answer));
          return cpu.returning(answer.result());
        };
    return new Program(
        "query_module",
        cpu -> queryModule(cpu, call.name(), call.which(), call.bufsize(), printed));
  }
}
