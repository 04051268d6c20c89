package org.kmodsim.userspace.modutils;

import java.util.List;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleQuery;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;

/**
 * modutils' insmod of 2.4 (insmod/insmod.c, modutils 2.4.27), the user-space linker: it lists the
 * loaded modules (query_module QM_MODULES) and reads the kernel's symbols (/proc/ksyms), refuses a
 * name already loaded, resolves the module's undefined symbols itself, warns about taints, then
 * {@link Install} does create_module, relocates the image at the returned address (user time: the
 * window in which other CPUs see the module {@code (uninitialized)}), init_module, and deletes the
 * slot again when init_module fails. Messages (stderr through modutils' error(), "FILE: text";
 * stdout through lprintf()) and exit statuses as modutils'. The file lock modutils takes (flock) is
 * not modelled: two insmods of one name can meet in create_module, and the second then returns 0
 * silently, as modutils does on EEXIST.
 *
 * <p>Each run is one {@code Insmod24} object: the file found and parsed once, carried through the
 * round trips by the continuations.
 */
public final class Insmod24 {
  private final ModuleRepository repository;
  private final Insmod24Command options;
  private ModuleRepository.Found found;

  /** The name messages start with once the file is open. */
  private String file;

  private ModuleDefinition def;

  private Insmod24(ModuleRepository repository, Insmod24Command options) {
    this.repository = repository;
    this.options = options;
  }

  /**
   * @param args the command line after {@code insmod}
   */
  public static Step step(ModuleRepository repository, List<String> args) {
    Insmod24Command options = Insmod24Command.parse(args);
    return new Program("insmod", cpu -> new Insmod24(repository, options).run(cpu));
  }

  private StepResult run(CpuContext cpu) {
    if (!options.version().isEmpty()) {
      cpu.err(options.version()); // -V, before whatever comes next
    }
    if (options.exit() != null) {
      cpu.setResult(Errno.EINVAL.negative());
      return cpu.fail(options.exit().status(), options.exit().err());
    }
    found = options.locate(repository);
    if (found == null) {
      return fail(cpu, Errno.ENOENT, options.notFound());
    } else if (!options.isPath()) {
      cpu.out("Using " + found.shownPath() + "\n");
    }
    file = options.isPath() ? options.file() : found.shownPath();
    return ModuleSyscalls.queryModule(cpu, null, ModuleQuery.QM_MODULES, -1, this::listed);
  }

  /** QM_MODULES answered: the file is parsed (once) and its name checked against the list. */
  private StepResult listed(CpuContext cpu, ModuleQuery.Answer loaded) {
    try {
      def = found.definition(Era.V2_4);
    } catch (ModuleFile.ModuleFormatException e) {
      String where = e.getMessage().startsWith(found.fileName()) ? "" : file + ": ";
      return fail(cpu, Errno.ENOEXEC, where + e.getMessage() + "\n");
    }
    if (loaded.buffer().contains(def.name())) {
      return fail(cpu, Errno.EEXIST, "insmod: a module named " + def.name() + " already exists\n");
    }
    return FileCalls.read(cpu, "/proc/ksyms", (c, ksyms) -> link(c, FileCalls.content(ksyms)));
  }

  /**
   * obj_check_undefineds, check_tainted_module (its taint written at once, even when an argument is
   * bad next), process_module_arguments, then the kernel part.
   */
  private StepResult link(CpuContext cpu, String ksyms) {
    Modutils24.Resolution resolution = Modutils24.resolve(def, ksyms);
    if (!resolution.unresolved().isEmpty()) {
      String why = Modutils24.unresolved(file, resolution.unresolved(), def.license(), ksyms);
      return fail(cpu, Errno.ENOENT, options.quiet() ? "" : why);
    }
    List<String> warnings = Modutils24.taintWarnings(file, def.license(), options.force());
    warnings.forEach(cpu::out);
    ModuleArguments24.Result arguments = ModuleArguments24.process(def, options.params());
    if (arguments.error() != null) {
      String message = file + ": " + arguments.error() + "\n";
      if (options.taints(def) == 0) {
        return fail(cpu, Errno.EINVAL, message);
      }
      return setTainted(cpu, options.taints(def), c -> fail(c, Errno.EINVAL, message));
    }
    LoadInfo image = options.image(def, resolution.owners(), arguments.values());
    Install install = new Install(file, image, !warnings.isEmpty(), options.taints(def));
    return cpu.calling("insmod", List.of(new Program("insmod", install::run)));
  }

  /**
   * modutils' set_tainted: reads the old value of /proc/sys/kernel/tainted and writes {@code oldval
   * | taint} (2.4's tainted is a plain int that a write replaces, kernel/sysctl.c proc_dointvec).
   * An unprivileged insmod cannot write the file: no taint, no error.
   */
  private static StepResult setTainted(
      CpuContext cpu, long taints, java.util.function.Function<CpuContext, StepResult> next) {
    return FileCalls.read(
        cpu,
        "/proc/sys/kernel/tainted",
        (c, old) -> {
          String text = FileCalls.content(old).trim();
          long oldval = text.matches("-?\\d+") ? Long.parseLong(text) : 0;
          return FileCalls.write(
              c,
              "/proc/sys/kernel/tainted",
              (oldval | taints) + "\n",
              (again, w) -> next.apply(again));
        });
  }

  /** modutils' error(): {@code message} on stderr, exit 1; the result is the call's -errno. */
  private static StepResult fail(CpuContext cpu, Errno errno, String message) {
    cpu.setResult(errno.negative());
    return cpu.fail(1, message);
  }

  /**
   * The kernel part of insmod: create_module(name, size), obj_relocate at the address it returned,
   * init_module(name, image); on an init_module error the message, the hint, and
   * delete_module(name) of the slot.
   *
   * @param warned modutils counted warnings: "Module NAME loaded, with warnings"
   * @param taints the bits set_tainted adds to /proc/sys/kernel/tainted (P, F) before the load
   */
  private record Install(String file, LoadInfo image, boolean warned, long taints) {
    StepResult run(CpuContext cpu) {
      if (taints == 0) {
        return create(cpu);
      }
      return setTainted(cpu, taints, this::create);
    }

    private StepResult create(CpuContext cpu) {
      return ModuleSyscalls.createModule(
          cpu, image.name(), image.definition().coreSize(), this::created);
    }

    /** create_module's answer: EEXIST is success (a simultaneous insmod, modutils assumes). */
    private StepResult created(CpuContext cpu, ModuleLoader.LoadReply reply) {
      if (reply instanceof ModuleLoader.LoadFailed failed && failed.errno() == Errno.EEXIST) {
        cpu.trace("insmod", image.name() + ": create_module EEXIST, assumed loaded");
        return cpu.returning(0);
      } else if (reply instanceof ModuleLoader.LoadFailed failed) {
        long size = image.definition().coreSize();
        return fail(cpu, failed.errno(), Insmod24Command.createFailed(file, failed.errno(), size));
      }
      long kib = (image.definition().coreSize() + 1023) / 1024;
      return cpu.busyFor(
          kib * Modutils24.RELOCATE_NANOS_PER_KIB,
          (c, relocated) -> ModuleSyscalls.initModule24(c, image.name(), image, this::initialized));
    }

    /** init_module returned; modutils ignores the result of the delete_module after a failure. */
    private StepResult initialized(CpuContext cpu, ModuleLoader.LoadReply reply) {
      if (reply instanceof ModuleLoader.LoadFailed failed) {
        fail(cpu, failed.errno(), file + ": init_module: " + failed.errno().message() + "\n");
        cpu.out(Modutils24.INIT_MODULE_HINT);
        return ModuleSyscalls.deleteModule(
            cpu, image.name(), true, false, (c, deleted) -> StepResult.NEXT);
      }
      if (warned) {
        cpu.out("Module " + image.name() + " loaded, with warnings\n");
      }
      return cpu.returning(0);
    }
  }
}
