package org.kmodsim.userspace.libc;

import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.cpu.Then;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;

/**
 * The module system calls as steps, for scenario programs that race them without the tools' checks
 * and messages: the step's result is the syscall's return value (0 or -errno). {@code init_module
 * FILE [ARGS]}, {@code finit_module FILE [flags=N] [ARGS]} (flags 1 IGNORE_MODVERSIONS, 2
 * IGNORE_VERMAGIC, 4 COMPRESSED_FILE; other bits EINVAL), {@code delete_module NAME [O_NONBLOCK]
 * [O_TRUNC]}, and {@code create_module}, {@code query_module}: ENOSYS from 2.6 on. In 6.x
 * concurrent {@code finit_module} calls on one file are coalesced by the loader (they return the
 * first caller's result). The 2.4 calls are in {@link Syscalls24}.
 *
 * <p>These are user space: what they model is a C program that opens the module file, passes its
 * image and arguments to the libc wrapper (init_module(2), finit_module(2), delete_module(2)) and
 * gets the return value; the kernel's half of each call, which runs on the same CPU in kernel mode
 * (init and exit included), is kernel/module's {@link ModuleSyscalls}. So user space depends on the
 * kernel's system-call entry, never the reverse.
 */
public final class Syscalls {
  private Syscalls() {}

  public static void register(Commands commands, ModuleRepository repository, Era era) {
    if (era == Era.V2_4) {
      Syscalls24.register(commands, repository);
    } else {
      commands.registerSyscall(
          "init_module FILE [name=value ...] (2.4: init_module"
              + " NAME FILE [MOD_AUTOCLEAN] [name=value ...])",
          args -> load(args, repository, era, false));
      commands.registerSyscall(
          "delete_module NAME [O_NONBLOCK] [O_TRUNC] (2.4:" + " delete_module [NAME])",
          args -> deleteModule(ModuleCallArgs.Delete.parse(args)));
      commands.registerSyscall(
          "create_module NAME SIZE (ENOSYS from 2.6 on)", args -> unimplemented("create_module"));
      commands.registerSyscall(
          "query_module NAME|NULL WHICH [BUFSIZE] (ENOSYS from" + " 2.6 on)",
          args -> unimplemented("query_module"));
    }
    commands.registerSyscall(
        "finit_module FILE [flags=N] [name=value ...]", args -> load(args, repository, era, true));
  }

  private static Step load(List<String> args, ModuleRepository repository, Era era, boolean finit) {
    ModuleCallArgs.Load call = ModuleCallArgs.Load.parse(args, finit);
    return new Program(
        finit ? "finit_module" : "init_module", cpu -> load(cpu, repository, era, call));
  }

  /** init_module / finit_module: reads the file, loads it (init runs on this CPU). */
  private static StepResult load(
      CpuContext cpu, ModuleRepository repository, Era era, ModuleCallArgs.Load call) {
    ModuleRepository.Found found = repository.file(call.file());
    ModuleDefinition def = call.definition(found, era);
    if (def == null) {
      return cpu.returning(call.refused(found, era).negative());
    }
    return ModuleSyscalls.initModule(
        cpu, call.info(def, found.inode()), Then.result(ModuleSyscalls::returnValue));
  }

  /** delete_module(name, flags); a null name is the 2.4 autoclean call. */
  static Step deleteModule(ModuleCallArgs.Delete call) {
    return new Program(
        "delete_module",
        cpu ->
            ModuleSyscalls.deleteModule(
                cpu,
                call.name(),
                call.nonblock(),
                call.trunc(),
                Then.result(ModuleSyscalls::returnValue)));
  }

  /** A 2.4 syscall the 2.5 in-kernel loader removed. */
  private static Step unimplemented(String syscall) {
    return new Program(syscall, cpu -> cpu.returning(Errno.ENOSYS.negative()));
  }
}
