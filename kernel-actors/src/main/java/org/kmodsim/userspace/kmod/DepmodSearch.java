package org.kmodsim.userspace.kmod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.kmodsim.userspace.ModuleRepository;

/**
 * Which module files depmod takes, as kmod 30's depmod_modules_search does (tools/depmod.c): the
 * tree, then each {@code external} directory (one that is not there is skipped), every name that
 * should_exclude_dir refuses left out at every level ({@code build}, {@code source}, each {@code
 * exclude}), and of two files of one module name the one depmod_module_is_higher_priority keeps
 * ({@code override} first, then the {@code search} order with {@code built-in} for the rest of the
 * tree and {@code external} for the external directories; on a tie the file found first). The model
 * walks a directory in name order where kmod takes readdir's order, which only decides ties. Pure
 * of the model; reads the external directories from disk.
 */
final class DepmodSearch {
  private DepmodSearch() {}

  /**
   * A module file found: its path as modules.dep shows it (relative to the tree, or the full path
   * of one in an external directory), whether it is in the tree, and the file.
   */
  record Candidate(String path, boolean inTree, ModuleRepository.Found file) {}

  /** path_ends_with_kmod_ext: .ko and its compressed forms. */
  private static final java.util.regex.Pattern KMOD_EXT =
      java.util.regex.Pattern.compile(".*\\.ko(\\.xz|\\.zst|\\.gz)?");

  /**
   * The files depmod keeps, in the order it found them.
   *
   * @param dirname the tree as depmod names it (cfg.dirname, ROOT/lib/modules/VERSION)
   * @param root the machine's root on disk for the external directories (null: none)
   */
  static List<Candidate> search(
      DepmodConfig config, String dirname, ModuleRepository tree, Path root) {
    List<Candidate> found = new ArrayList<>();
    for (ModuleRepository.Found file : tree.files()) {
      if (file.real() != null && !excluded(config, file.fileName())) {
        found.add(new Candidate(file.fileName(), true, file));
      }
    }
    for (String ext : root == null ? List.<String>of() : config.externals()) {
      Path dir = root.resolve(ext.replaceFirst("^/+", ""));
      if (!Files.isDirectory(dir)) {
        continue; // depmod_modules_search: "ignore external dir absense"
      }
      try (Stream<Path> walk = Files.walk(dir, 12)) {
        for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
          String rel = dir.relativize(path).toString();
          if (KMOD_EXT.matcher(rel).matches() && !excluded(config, rel)) {
            String shown = ext + "/" + rel;
            found.add(new Candidate(shown, false, tree.file(path.toString())));
          }
        }
      } catch (IOException e) {
        // an external directory that does not read holds no modules
      }
    }
    return select(config, dirname, found);
  }

  /** depmod_modules_search_file over the files in the order found: one file per module name. */
  static List<Candidate> select(DepmodConfig config, String dirname, List<Candidate> found) {
    Map<String, Candidate> kept = new HashMap<>();
    for (Candidate candidate : found) {
      String modname = KoTools.modname(candidate.path());
      Candidate old = kept.get(modname);
      if (old == null
          || !higherPriority(config, dirname, full(dirname, old), full(dirname, candidate))) {
        kept.put(modname, candidate);
      }
    }
    List<Candidate> selected = new ArrayList<>();
    for (Candidate candidate : found) {
      if (kept.get(KoTools.modname(candidate.path())) == candidate) {
        selected.add(candidate);
      }
    }
    return selected;
  }

  private static String full(String dirname, Candidate candidate) {
    return candidate.inTree() ? dirname + "/" + candidate.path() : candidate.path();
  }

  /** should_exclude_dir for each name of the path, the file's own too. */
  static boolean excluded(DepmodConfig config, String relpath) {
    for (String name : relpath.split("/")) {
      if (name.equals("build") || name.equals("source") || config.excludes().contains(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * depmod_module_is_higher_priority: the module found before ({@code oldpath}) stays. Each path is
   * compared without its extension (up to the first '.' of its name), relative to the tree when it
   * begins with cfg.dirname (strncmp: without checking for the '/'); an override names the file;
   * the search entries count up from the newest, each external directory taking a number of its
   * own, a path not matched takes built-in's, and the new file wins only with a higher number.
   */
  static boolean higherPriority(
      DepmodConfig config, String dirname, String oldpath, String newpath) {
    String newStem = stem(newpath);
    String oldStem = stem(oldpath);
    String relNew = relative(dirname, newStem);
    String relOld = relative(dirname, oldStem);
    for (String override : config.overrides()) {
      if (override.equals(relNew)) {
        return false;
      } else if (override.equals(relOld)) {
        return true;
      }
    }
    int i = 0;
    int builtin = -1;
    int oldprio = -1;
    int newprio = -1;
    for (String search : config.searches()) {
      if (search.equals(DepmodConfig.BUILTIN)) {
        builtin = i;
      } else if (search.equals(DepmodConfig.EXTERNAL)) {
        for (String ext : config.externals()) {
          if (startsWith(newStem, ext)) {
            newprio = i;
          }
          if (startsWith(oldStem, ext)) {
            oldprio = i;
          }
          i++;
        }
      } else if (startsWith(relNew, search)) {
        newprio = i;
      } else if (startsWith(relOld, search)) {
        oldprio = i;
      }
      i++;
    }
    newprio = newprio < 0 ? builtin : newprio;
    oldprio = oldprio < 0 ? builtin : oldprio;
    return newprio <= oldprio;
  }

  /** The path up to the end of its module name (baselen + modnamelen). */
  private static String stem(String path) {
    int base = path.lastIndexOf('/') + 1;
    int dot = path.indexOf('.', base);
    return dot < 0 ? path : path.substring(0, dot);
  }

  /** The stem after {@code dirname/} when it begins with dirname, else "" (relnewlen 0). */
  private static String relative(String dirname, String stem) {
    return stem.startsWith(dirname) && stem.length() > dirname.length()
        ? stem.substring(dirname.length() + 1)
        : "";
  }

  /** depmod_is_path_starts_with, and the search entries' test: longer, '/' after the prefix. */
  private static boolean startsWith(String path, String prefix) {
    return path.length() > prefix.length()
        && path.charAt(prefix.length()) == '/'
        && path.startsWith(prefix);
  }
}
