package org.kmodsim.userspace.kmod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;

/**
 * depmod's command line and output (kmod tools/depmod.c do_depmod, depmod_output): {@code
 * -a}/{@code -A}/{@code -n}/{@code -b ROOT}/{@code VERSION}, getopt_long's messages, and the files
 * written into the tree ({@code ROOT/lib/modules/VERSION}; each through a temporary file renamed
 * over the old one, as depmod_output does). The simulated /lib/modules/VERSION of a real tree is
 * the directory on disk it was given, so depmod writes there; a tree of module files (HOCON) is
 * only computed, and the shipped samples have no directory to write to.
 */
final class DepmodTool {
  private DepmodTool() {}

  private static final String SHORT = "aAb:C:E:F:euqrvnP:wmVh";

  private static final Map<String, Character> LONG = new LinkedHashMap<>();

  static {
    String[][] table = {
      {"all", "a"},
      {"quick", "A"},
      {"basedir=", "b"},
      {"config=", "C"},
      {"symvers=", "E"},
      {"filesyms=", "F"},
      {"errsyms", "e"},
      {"unresolved-error", "u"},
      {"quiet", "q"},
      {"root", "r"},
      {"verbose", "v"},
      {"show", "n"},
      {"dry-run", "n"},
      {"symbol-prefix=", "P"},
      {"warn", "w"},
      {"map", "m"},
      {"version", "V"},
      {"help", "h"}
    };
    for (String[] row : table) {
      LONG.put(row[0], row[1].charAt(0));
    }
  }

  static final String VERSION = "kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n";

  static Step step(List<String> args, ModuleRepository repository, Era era) {
    List<String> copy = List.copyOf(args);
    return new Program("depmod", cpu -> run(cpu, copy, repository, era));
  }

  private static StepResult run(
      CpuContext cpu, List<String> args, ModuleRepository repository, Era era) {
    Getopt.Parsed parsed;
    try {
      parsed = Getopt.parse(args, SHORT, LONG);
    } catch (Getopt.Failed e) {
      return cpu.fail(1, "depmod: " + e.getMessage() + "\n");
    }
    for (Getopt.Option option : parsed.options()) {
      switch (option.letter()) {
        case 'h' -> {
          cpu.out(help());
          return StepResult.NEXT;
        }
        case 'V' -> {
          cpu.out(VERSION);
          return StepResult.NEXT;
        }
        case 'u', 'q', 'r', 'm' ->
            cpu.err("depmod: WARNING: Ignored deprecated option -" + option.letter() + "\n");
        case 'P' -> {
          if (option.argument().length() != 1) {
            return cpu.fail(1, "depmod: FATAL: -P only takes a single char\n");
          }
        }
        default -> {}
      }
    }
    List<String> operands = parsed.operands();
    String version = repository.release();
    if (!operands.isEmpty()) {
      if (!operands.get(0).matches("\\d+\\.\\d+.*")) {
        return cpu.fail(1, "depmod: ERROR: Bad version passed " + operands.get(0) + "\n");
      }
      version = operands.get(0);
    }
    if (operands.size() > 1) {
      String path = operands.get(1);
      return cpu.fail(
          1,
          path.startsWith("/")
              ? "depmod: FATAL: depmod of the listed files only is not modelled: " + path + "\n"
              : "depmod: FATAL: " + path + ": not absolute path.\n");
    }
    String root = parsed.last('b');
    String dirname = (root == null ? "" : root) + "/lib/modules/" + version;
    ModuleRepository tree = tree(repository, era, root, version, dirname);
    if (tree == null) {
      return cpu.fail(
          1,
          "depmod: ERROR: could not open directory "
              + dirname
              + ": No such file or directory\n"
              + "depmod: FATAL: could not search modules: No such file or directory\n");
    }
    boolean print = parsed.has('n');
    if (parsed.has('A') && (print || upToDate(tree))) {
      return StepResult.NEXT;
    }
    Depmod.Result result = Depmod.run(tree, era);
    result.warnings().forEach(warning -> cpu.err(warning + "\n"));
    result.errors().forEach(error -> cpu.err(error + "\n"));
    if (!result.errors().isEmpty()) {
      cpu.exit(1);
    }
    if (print) {
      cpu.out(Depmod.printed(result));
    } else if (tree.directory() != null && result.modulesDep() != null) {
      write(cpu, tree, result, dirname);
    }
    return StepResult.NEXT;
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

  private static boolean same(Path a, Path b) {
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
      CpuContext cpu, ModuleRepository tree, Depmod.Result result, String dirname) {
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
      errors.forEach(error -> cpu.err("depmod: " + error + "\n"));
      cpu.fail(1, "depmod: FATAL: " + e.getMessage() + "\n");
      return;
    }
    errors.forEach(error -> cpu.err("depmod: " + error + "\n"));
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
        cpu.err(
            "depmod: ERROR: openat("
                + dirname
                + ", "
                + file.getKey()
                + ", 301, 644): "
                + reason(e)
                + "\n");
        cpu.exit(1);
      }
    }
  }

  private static String reason(IOException e) {
    return e instanceof java.nio.file.AccessDeniedException
        ? "Permission denied"
        : e instanceof java.nio.file.NoSuchFileException
            ? "No such file or directory"
            : String.valueOf(e.getMessage());
  }

  private static String help() {
    return "Usage:\n"
        + "\tdepmod -[aA] [options] [forced_version]\n"
        + "\n"
        + "If no arguments (except options) are given, \"depmod -a\" is assumed\n"
        + "\n"
        + "depmod will output a dependency list suitable for the modprobe utility.\n"
        + "\n"
        + "Options:\n"
        + "\t-a, --all            Probe all modules\n"
        + "\t-A, --quick          Only does the work if there's a new module\n"
        + "\t-e, --errsyms        Report not supplied symbols\n"
        + "\t-n, --show           Write the dependency file on stdout only\n"
        + "\t-P, --symbol-prefix  Architecture symbol prefix\n"
        + "\t-C, --config=PATH    Read configuration from PATH\n"
        + "\t-v, --verbose        Enable verbose mode\n"
        + "\t-w, --warn           Warn on duplicates\n"
        + "\t-V, --version        show version\n"
        + "\t-h, --help           show this help\n"
        + "\n"
        + "The following options are useful for people managing distributions:\n"
        + "\t-b, --basedir=DIR    Use an image of a module tree.\n"
        + "\t-F, --filesyms=FILE  Use the file instead of the\n"
        + "\t                     current kernel symbols.\n"
        + "\t-E, --symvers=FILE   Use Module.symvers file to check\n"
        + "\t                     symbol versions.\n";
  }
}
