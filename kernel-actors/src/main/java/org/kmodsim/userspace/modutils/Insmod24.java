package org.kmodsim.userspace.modutils;

import org.kmodsim.kernel.module.License;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.module.ModuleQuery;
import org.kmodsim.kernel.module.Taint;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ModuleTools;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;

/**
 * modutils' insmod of 2.4 (insmod/insmod.c, modutils 2.4.27), the user-space linker: it lists
 * the loaded modules (query_module QM_MODULES) and reads the kernel's symbols (/proc/ksyms),
 * refuses a name already loaded, resolves the module's undefined symbols itself, warns about
 * taints, then {@link Install} does create_module, relocates the image at the returned address
 * (user time: the window in which other CPUs see the module {@code (uninitialized)}),
 * init_module, and deletes the slot again when init_module fails. Messages (stderr through
 * modutils' error(), "FILE: text"; stdout through lprintf()) and exit statuses as modutils'.
 * The file lock modutils takes (flock) is not modelled: two insmods of one name can meet in
 * create_module, and the second then returns 0 silently, as modutils does on EEXIST.
 *
 * @param args the command line after {@code insmod}
 */
public record Insmod24(ModuleRepository repository, List<String> args) implements Step {
  private static final String PHASE = "$insmod24";

  /** The command line: options, the file as given, the parameters. */
  private record Options(boolean force, boolean autoclean, boolean quiet, String file,
      List<String> params, boolean bad) {}

  private Options options() {
    boolean force = false;
    boolean autoclean = false;
    boolean quiet = false;
    boolean bad = false;
    String file = null;
    List<String> params = new ArrayList<>();
    for (String arg : args) {
      if (file != null && !arg.startsWith("-")) {
        params.add(arg);
      } else if (arg.equals("-f") || arg.equals("--force")) {
        force = true;
      } else if (arg.equals("-k") || arg.equals("--autoclean")) {
        autoclean = true;
      } else if (arg.equals("-q") || arg.equals("--quiet")) {
        quiet = true;
      } else if (arg.equals("-L") || arg.equals("--lock")) {
        continue; // locking is always on in 2.4.27
      } else if (arg.startsWith("-")) {
        bad = true;
      } else {
        file = arg;
      }
    }
    return new Options(force, autoclean, quiet, file, List.copyOf(params), bad);
  }

  @Override
  public StepResult run(CpuContext cpu) {
    Options options = options();
    if (options.bad() || options.file() == null) {
      cpu.err(Modutils24.insmodUsage());
      return fail(cpu, Errno.EINVAL);
    }
    if (find(cpu, options, true) == null) {
      return fail(cpu, Errno.ENOENT);
    }
    cpu.setVariable(PHASE, 1);
    cpu.send(cpu.services().get(ModuleLoader.KEY),
        new ModuleLoader.QueryModule(null, ModuleQuery.QM_MODULES, -1, cpu.replyTo()));
    return StepResult.WAIT;
  }

  /**
   * The module file: a path, or a bare name searched in the module directory ("Using PATH").
   * Prints modutils' error when there is none.
   */
  private ModuleRepository.Found find(CpuContext cpu, Options options, boolean report) {
    String file = options.file();
    if (!file.contains("/") && !file.contains(".")) {
      ModuleRepository.Found found = repository.byName(file);
      if (found == null && report) {
        cpu.err("insmod: " + file + ": no module by that name found\n");
      } else if (report) {
        cpu.out("Using " + found.shownPath() + "\n");
      }
      return found;
    }
    ModuleRepository.Found found = repository.file(file);
    if (found == null && report) {
      cpu.err("insmod: " + file + ": " + Errno.ENOENT.message() + "\n");
    }
    return found;
  }

  /** The name modutils' messages start with once it has opened the file. */
  private String shown(Options options, ModuleRepository.Found found) {
    return options.file().contains("/") || options.file().contains(".") ? options.file()
        : found.shownPath();
  }

  @Override
  public StepResult resume(CpuContext cpu, Object reply) {
    Options options = options();
    ModuleRepository.Found found = find(cpu, options, false);
    if (found == null) {
      return fail(cpu, Errno.ENOENT);
    }
    String file = shown(options, found);
    ModuleDefinition def;
    try {
      def = ModuleFile.parse(found.fileName(), found.text(), Era.V2_4);
    } catch (ModuleFile.ModuleFormatException e) {
      cpu.err(e.getMessage().startsWith(found.fileName()) ? e.getMessage() + "\n"
          : file + ": " + e.getMessage() + "\n");
      return fail(cpu, Errno.ENOEXEC);
    }
    if (cpu.variable(PHASE) == 1) {
      List<String> loaded = reply instanceof ModuleQuery.Answer
          ? ((ModuleQuery.Answer) reply).buffer() : List.of();
      if (loaded.contains(def.name())) {
        cpu.err("insmod: a module named " + def.name() + " already exists\n");
        return fail(cpu, Errno.EEXIST);
      }
      cpu.setVariable(PHASE, 2);
      ModuleTools.read(cpu, "/proc/ksyms");
      return StepResult.WAIT;
    }
    String ksyms = reply instanceof FileReply.Content ? ((FileReply.Content) reply).text() : "";
    return link(cpu, options, file, def, ksyms);
  }

  /** obj_check_undefineds, check_tainted_module, then the kernel part. */
  private StepResult link(CpuContext cpu, Options options, String file, ModuleDefinition def,
      String ksyms) {
    Modutils24.Resolution resolution = Modutils24.resolve(def, ksyms);
    if (!resolution.unresolved().isEmpty()) {
      if (!options.quiet()) {
        for (String symbol : resolution.unresolved()) {
          cpu.err(file + ": unresolved symbol " + symbol + "\n");
        }
        if (!License.gplCompatible(def.license())) {
          cpu.err(Modutils24.unresolvedHint(file, Modutils24.gplonlySeen(ksyms)));
        }
      }
      return fail(cpu, Errno.ENOENT);
    }
    List<String> warnings = Modutils24.taintWarnings(file, def.license(), options.force());
    warnings.forEach(cpu::out);
    long taints = (License.gplCompatible(def.license()) ? 0 : Taint.PROPRIETARY_MODULE.mask())
        | (options.force() ? Taint.FORCED_MODULE.mask() : 0);
    ModuleDefinition image = options.autoclean() ? def.withAutoclean() : def;
    LoadInfo info = new LoadInfo(image, ModuleTools.joinArgs(options.params()), "init_module",
        options.force(), options.force(), false, resolution.owners());
    cpu.call("insmod", List.of(new Install(file, info, !warnings.isEmpty(), taints)), 1);
    return StepResult.NEXT;
  }

  private static StepResult fail(CpuContext cpu, Errno errno) {
    cpu.setResult(errno.negative());
    cpu.exit(1);
    return StepResult.NEXT;
  }

  @Override
  public String name() {
    return "insmod";
  }

  /**
   * The kernel part of insmod: create_module(name, size), obj_relocate at the address it
   * returned, init_module(name, image); on an init_module error the message, the hint, and
   * delete_module(name) of the slot.
   *
   * @param warned modutils counted warnings: "Module NAME loaded, with warnings"
   * @param taints the bits set_tainted adds to /proc/sys/kernel/tainted (P, F) before the load
   */
  record Install(String file, LoadInfo image, boolean warned, long taints)
      implements ModuleTools.SyscallClient {
    private static final String PHASE = "$insmod24_install";
    private static final int TAINTING = 0;
    private static final int CREATING = 1;
    private static final int RELOCATING = 2;
    private static final int INITIALIZING = 3;
    private static final int DELETING = 4;

    @Override
    public StepResult run(CpuContext cpu) {
      if (taints != 0) {
        // modutils writes oldval | taint; the file only ever gains bits, so the bits will do.
        cpu.setVariable(PHASE, TAINTING);
        cpu.send(cpu.services().get(Vfs.KEY), new Vfs.Request(new FileRequest.Write(
            "/proc/sys/kernel/tainted", taints + "\n", cpu.cred(), cpu.replyTo())));
        return StepResult.WAIT;
      }
      return create(cpu);
    }

    private StepResult create(CpuContext cpu) {
      cpu.setVariable(PHASE, CREATING);
      cpu.send(cpu.services().get(ModuleLoader.KEY), new ModuleLoader.CreateModule(
          image.name(), image.definition().coreSize(), cpu.cred(), cpu.replyTo()));
      return StepResult.WAIT;
    }

    @Override
    public StepResult handle(CpuContext cpu, Object reply) {
      int phase = (int) cpu.variable(PHASE);
      if (phase == TAINTING) {
        return create(cpu); // an unprivileged insmod cannot open the file: no taint, no error
      }
      if (phase == CREATING) {
        return created(cpu, reply);
      }
      if (phase == RELOCATING) {
        cpu.setVariable(PHASE, INITIALIZING);
        cpu.send(cpu.services().get(ModuleLoader.KEY), new ModuleLoader.InitModule(
            image.name(), image, cpu.cred(), cpu.cpuId(), cpu.replyTo()));
        return StepResult.WAIT;
      }
      if (phase == DELETING) {
        return StepResult.NEXT; // modutils ignores delete_module's result
      }
      return ModuleTools.SyscallClient.super.handle(cpu, reply);
    }

    /** init_module returned. */
    @Override
    public StepResult returned(CpuContext cpu, Object reply) {
      if (reply instanceof ModuleLoader.LoadFailed) {
        Errno errno = ((ModuleLoader.LoadFailed) reply).errno();
        cpu.err(file + ": init_module: " + errno.message() + "\n");
        cpu.out(Modutils24.INIT_MODULE_HINT);
        cpu.setResult(errno.negative());
        cpu.exit(1);
        cpu.setVariable(PHASE, DELETING);
        return ModuleTools.delete(cpu, image.name(), true, false);
      }
      if (warned) {
        cpu.out("Module " + image.name() + " loaded, with warnings\n");
      }
      cpu.setResult(0);
      return StepResult.NEXT;
    }

    /** create_module's answer: EEXIST is success (a simultaneous insmod, modutils assumes). */
    private StepResult created(CpuContext cpu, Object reply) {
      if (reply instanceof ModuleLoader.LoadFailed) {
        Errno errno = ((ModuleLoader.LoadFailed) reply).errno();
        if (errno == Errno.EEXIST) {
          cpu.trace("insmod", image.name() + ": create_module EEXIST, assumed loaded");
          cpu.setResult(0);
          return StepResult.NEXT;
        }
        cpu.err(file + ": " + (errno == Errno.ENOMEM
            ? "can't allocate kernel memory for module; needed "
                + image.definition().coreSize() + " bytes"
            : "create_module: " + errno.message()) + "\n");
        cpu.setResult(errno.negative());
        cpu.exit(1);
        return StepResult.NEXT;
      }
      cpu.setVariable(PHASE, RELOCATING);
      long kib = (image.definition().coreSize() + 1023) / 1024;
      return cpu.busyFor(kib * Modutils24.RELOCATE_NANOS_PER_KIB);
    }

    @Override
    public String name() {
      return "insmod";
    }
  }
}
