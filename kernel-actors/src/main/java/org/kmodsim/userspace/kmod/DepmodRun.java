package org.kmodsim.userspace.kmod;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.ToolOutput;

/**
 * One depmod run after its command line ({@link DepmodCommand}), as kmod 30's do_depmod and
 * depmod_output do it (tools/depmod.c): the tree {@code ROOT/lib/modules/VERSION}, {@code -A}'s
 * depfile_up_to_date, the computation ({@link Depmod}), and the files printed ({@code -n}) or
 * written into the tree, each through a temporary file renamed over the old one. The simulated
 * /lib/modules/VERSION of a real tree is the directory on disk it was given, so depmod writes
 * there; a tree of module files (HOCON) is only computed, and the shipped samples have no directory
 * to write to. depmod reads the tree from the host, not through the VFS: no system call of the
 * model, so this is pure of the CPU and gives what depmod prints as a {@link ToolOutput}.
 */
final class DepmodRun {
  private DepmodRun() {}

  static ToolOutput run(DepmodCommand command, ModuleRepository repository, Era era) {
    if (command.exit() != null) {
      return ToolOutput.of(command.exit());
    }
    ToolOutput out = new ToolOutput();
    out.err(command.warnings());
    String dirname = command.dirname();
    ModuleRepository tree = tree(repository, era, command.root(), command.version(), dirname);
    if (tree == null) {
      out.fail(
          1,
          "depmod: ERROR: could not open directory "
              + dirname
              + ": No such file or directory\n"
              + "depmod: FATAL: could not search modules: No such file or directory\n");
      return out;
    }
    if (command.quick() && (command.show() || upToDate(tree))) {
      return out;
    }
    Depmod.Result result = Depmod.run(tree, era);
    result.warnings().forEach(warning -> out.err(warning + "\n"));
    result.errors().forEach(error -> out.err(error + "\n"));
    if (!result.errors().isEmpty()) {
      out.exit(1);
    }
    if (command.show()) {
      out.out(Depmod.printed(result));
    } else if (tree.directory() != null && result.modulesDep() != null) {
      write(out, tree, result, dirname);
    }
    return out;
  }

  /**
   * The tree depmod works on: the module directory for its own release without {@code -b} (or a
   * ROOT whose lib/modules/VERSION is that directory), another directory on disk under ROOT, or
   * null when there is none.
   */
  private static ModuleRepository tree(
      ModuleRepository repository, Era era, String root, String version, String dirname) {
    Path own = repository.directory();
    if (root == null) {
      return version.equals(repository.release()) ? repository : null;
    }
    Path dir = Paths.get(dirname);
    if (!Files.isDirectory(dir)) {
      return null;
    }
    if (own != null && same(own, dir)) {
      return repository;
    }
    return new ModuleRepository(dir.toString(), era);
  }

  static boolean same(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** depfile_up_to_date: modules.dep is there and no module file is newer. */
  private static boolean upToDate(ModuleRepository tree) {
    Path dir = tree.directory();
    if (dir == null || !Files.isRegularFile(dir.resolve("modules.dep"))) {
      return false;
    }
    try {
      long dep = Files.getLastModifiedTime(dir.resolve("modules.dep")).toMillis();
      for (ModuleRepository.Found file : tree.files()) {
        if (Files.getLastModifiedTime(dir.resolve(file.fileName())).toMillis() > dep) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** depmod_output to the directory: each file through NAME.tmp, renamed; errors as kmod's. */
  private static void write(
      ToolOutput out, ModuleRepository tree, Depmod.Result result, String dirname) {
    Path dir = tree.directory();
    List<String> errors = new ArrayList<>();
    Map<String, byte[]> files;
    try {
      files =
          DepmodFiles.all(
              result,
              tree.treeBytes("modules.builtin"),
              tree.treeBytes("modules.builtin.modinfo"),
              errors);
    } catch (IllegalArgumentException e) {
      errors.forEach(error -> out.err("depmod: " + error + "\n"));
      out.fail(1, "depmod: FATAL: " + e.getMessage() + "\n");
      return;
    }
    errors.forEach(error -> out.err("depmod: " + error + "\n"));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path tmp = dir.resolve(file.getKey() + ".kmodsim-tmp");
      try {
        Files.write(tmp, file.getValue());
        Files.move(
            tmp,
            dir.resolve(file.getKey()),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        out.fail(
            1,
            "depmod: ERROR: openat("
                + dirname
                + ", "
                + file.getKey()
                + ", 301, 644): "
                + reason(e)
                + "\n");
      }
    }
  }

  private static String reason(IOException e) {
    return e instanceof AccessDeniedException
        ? "Permission denied"
        : e instanceof NoSuchFileException
            ? "No such file or directory"
            : String.valueOf(e.getMessage());
  }
}
