package org.kmodsim.userspace.kmod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolOutput;

/**
 * One modinfo run after its command line ({@link ModinfoOptions}), as kmod 30's do_modinfo
 * (tools/modinfo.c): each module named, by path or by name in {@code ROOT/lib/modules/VERSION},
 * printed ({@link Modinfo} for a module file, {@link KoTools} for a real .ko) or "not found".
 * modinfo reads the files from the host, not through the VFS: no system call of the model, so this
 * is pure of the CPU and gives what modinfo prints as a {@link ToolOutput}.
 */
final class ModinfoRun {
  private ModinfoRun() {}

  static ToolOutput run(ModinfoOptions options, ModuleRepository repository, Era era) {
    if (options.exit() != null) {
      return ToolOutput.of(options.exit());
    }
    ModuleRepository tree = tree(repository, era, options);
    ToolOutput out = new ToolOutput();
    for (String target : options.targets()) {
      ModuleRepository.Found found =
          target.contains("/") || target.contains(".")
              ? repository.file(target)
              : tree == null ? null : tree.byName(target);
      if (found == null) {
        out.fail(1, "modinfo: ERROR: Module " + target + " not found.\n");
      } else if (found.real() != null) {
        KoTools.modinfo(out, found, options);
      } else {
        try {
          ModuleDefinition def = found.definition(era);
          out.out(Modinfo.render(def, found.shownPath(), options.field()));
        } catch (ModuleFile.ModuleFormatException e) {
          out.fail(1, "modinfo: ERROR: " + e.getMessage() + "\n");
        }
      }
    }
    return out;
  }

  /**
   * -b ROOT / -k VERSION: the modules of ROOT/lib/modules/VERSION (the machine's own when the same
   * directory); null for another release of the machine, which has only its own tree.
   */
  private static ModuleRepository tree(
      ModuleRepository repository, Era era, ModinfoOptions options) {
    if (options.root() == null && options.kversion() == null) {
      return repository;
    }
    String version = options.kversion() == null ? repository.release() : options.kversion();
    if (options.root() == null) {
      return version.equals(repository.release()) ? repository : null;
    }
    Path dir = Paths.get(options.root(), "lib/modules", version);
    try {
      if (repository.directory() != null && Files.isSameFile(repository.directory(), dir)) {
        return repository;
      }
    } catch (IOException e) {
      // not the same directory
    }
    return new ModuleRepository(dir.toString(), era);
  }
}
