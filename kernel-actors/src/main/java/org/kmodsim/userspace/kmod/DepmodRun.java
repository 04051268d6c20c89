package org.kmodsim.userspace.kmod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    if (command.quick() && (command.show() || (tree != null && upToDate(tree)))) {
      return out;
    }
    DepmodCommand.Symbols symbols = command.symbols();
    Map<String, Long> kernel = kernel(out, symbols);
    if (out.ended().status() != 0) {
      return out;
    }
    Path root = ModprobeTree.root(repository);
    DepmodConfig config =
        DepmodConfig.load(root, command.configs(), command.version(), command.verbose());
    out.err(config.messages());
    if (tree == null) {
      out.fail(
          1,
          "depmod: ERROR: could not open directory "
              + dirname
              + ": No such file or directory\n"
              + "depmod: FATAL: could not search modules: No such file or directory\n");
      return out;
    }
    Depmod.Result result = Depmod.run(tree, era, config, absolute(dirname), root);
    result.warnings().forEach(warning -> out.err(warning + "\n"));
    if (kernel != null && symbols.errsyms()) {
      List<DepmodSymbols.Checked> checked = checked(tree, result, absolute(dirname), root);
      boolean crcs = symbols.symvers() != null;
      DepmodSymbols.check(kernel, crcs, checked, symbols.prefix())
          .forEach(warning -> out.err("depmod: " + warning + "\n"));
    }
    result.errors().forEach(error -> out.err(error + "\n"));
    if (!result.errors().isEmpty()) {
      out.exit(1);
    }
    if (command.show()) {
      if (symbols.warnDups() && result.modulesDep() != null) {
        List<String> errors = new ArrayList<>();
        DepmodFiles.all(result, null, null, errors, true);
        errors.stream()
            .filter(error -> error.startsWith("WARNING: duplicate"))
            .forEach(error -> out.err("depmod: " + error + "\n"));
      }
      out.out(Depmod.printed(result));
    } else if (tree.directory() != null && result.modulesDep() != null) {
      write(out, tree, result, dirname, symbols.warnDups());
    }
    return out;
  }

  /**
   * depmod_load_symvers ({@code -E}, which wins) or depmod_load_system_map ({@code -F}), before the
   * tree is searched; a file that does not open is CRIT's "could not load", exit 1. Without either,
   * {@code -e} is warned about and dropped. Null: no kernel symbols.
   */
  private static Map<String, Long> kernel(ToolOutput out, DepmodCommand.Symbols symbols) {
    String file = symbols.symvers() != null ? symbols.symvers() : symbols.systemMap();
    if (file == null) {
      if (symbols.errsyms()) {
        out.err("depmod: WARNING: -e needs -E or -F\n");
      }
      return null;
    }
    Path path = Paths.get(file);
    String text;
    try {
      // fopen of a directory works and its first fgets fails: no symbols, no message
      text = Files.isDirectory(path) ? "" : Files.readString(path, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      out.fail(1, "depmod: FATAL: could not load " + file + ": " + reason(e) + "\n");
      return null;
    }
    List<String> errors = new ArrayList<>();
    Map<String, Long> kernel =
        symbols.symvers() != null
            ? DepmodSymbols.symvers(text, file, symbols.prefix(), errors)
            : DepmodSymbols.systemMap(text, file, symbols.prefix(), errors);
    errors.forEach(error -> out.err("depmod: " + error + "\n"));
    return kernel;
  }

  /**
   * The modules depmod loaded, in its order, each with mod->path (the dirname and its path; an
   * external directory's module by its own path, read under the machine's root).
   */
  private static List<DepmodSymbols.Checked> checked(
      ModuleRepository tree, Depmod.Result result, String dirname, Path root) {
    Map<String, ModuleRepository.Found> byPath = new java.util.HashMap<>();
    tree.files().forEach(file -> byPath.put(file.fileName(), file));
    List<DepmodSymbols.Checked> checked = new ArrayList<>();
    for (KoDepmod.Module module : result.sorted()) {
      ModuleRepository.Found file = byPath.get(module.path());
      boolean external = file == null && root != null && module.path().startsWith("/");
      if (external) {
        file = tree.file(root.resolve(module.path().substring(1)).toString());
      }
      try {
        if (file != null) {
          String path = external ? module.path() : dirname + "/" + module.path();
          checked.add(new DepmodSymbols.Checked(path, file.ko()));
        }
      } catch (org.kmodsim.kernel.module.elf.KoFormatException e) {
        // read once already: depmod_modules_search warned about it and left it out
      }
    }
    return checked;
  }

  /** path_make_absolute_cwd of -b's ROOT: mod->path begins with it. */
  private static String absolute(String dirname) {
    return dirname.startsWith("/") ? dirname : Paths.get(dirname).toAbsolutePath().toString();
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
      ToolOutput out,
      ModuleRepository tree,
      Depmod.Result result,
      String dirname,
      boolean warnDups) {
    Path dir = tree.directory();
    List<String> errors = new ArrayList<>();
    Map<String, byte[]> files;
    try {
      files =
          DepmodFiles.all(
              result,
              tree.treeBytes("modules.builtin"),
              tree.treeBytes("modules.builtin.modinfo"),
              errors,
              warnDups);
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
