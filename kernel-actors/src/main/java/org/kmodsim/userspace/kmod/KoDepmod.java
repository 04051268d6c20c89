package org.kmodsim.userspace.kmod;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kmodsim.kernel.module.elf.KoFormatException;
import org.kmodsim.kernel.module.elf.KoModule;
import org.kmodsim.userspace.ModuleRepository;

/**
 * modules.dep of a real module tree, computed as kmod 30's depmod computes it (tools/depmod.c):
 * modules in modules.order order (depmod_modules_sort; modules it does not list after, here in path
 * order), each export owned by the last module that exports it (depmod_symbol_add, hash_add), a
 * dependency per dependency symbol whose owner is known (depmod_load_module_dependencies: the
 * undefined symbols, weak ones too, and the __versions entries no symbol names, as
 * kmod_elf_get_dependency_symbols lists them, {@link KoModule#dependencySymbols}), a topological
 * order that takes the last root first (depmod_calculate_dependencies), and each line's transitive
 * dependencies in that order (mod_get_all_sorted_dependencies). Pure.
 */
public final class KoDepmod {
  private KoDepmod() {}

  /** One module: its path relative to the tree, its exports, undefined symbols and .modinfo. */
  public record Module(
      String path, List<String> exports, List<String> imports, List<KoModule.Info> modinfo) {
    public Module {
      exports = List.copyOf(exports);
      imports = List.copyOf(imports);
      modinfo = List.copyOf(modinfo);
    }

    public Module(String path, List<String> exports, List<String> imports) {
      this(path, exports, imports, List.of());
    }
  }

  /**
   * depmod over the repository's real modules (a real /lib/modules/VERSION tree) with the
   * configuration's selection of files ({@link DepmodSearch}).
   *
   * @param dirname the tree as depmod names it (ROOT/lib/modules/VERSION)
   * @param root the machine's root on disk, for {@code external} directories (null: none)
   */
  static Depmod.Result run(
      ModuleRepository repository, DepmodConfig config, String dirname, Path root) {
    // the tree is listed once per repository; external directories are listed on every run
    List<DepmodSearch.Candidate> external =
        config.externals().isEmpty()
            ? null
            : DepmodSearch.search(config, dirname, repository, root);
    String order = String.valueOf(repository.treeFile("modules.order"));
    List<Object> key =
        external == null ? List.of(repository.files(), order, config) : List.of(external, order);
    return DONE.get(
        key,
        k ->
            compute(
                repository,
                external != null
                    ? external
                    : DepmodSearch.search(config, dirname, repository, root)));
  }

  /** depmod of a tree, by its files and modules.order: modprobe asks for it on every call. */
  private static final org.kmodsim.kernel.BuildCache<List<Object>, Depmod.Result> DONE =
      new org.kmodsim.kernel.BuildCache<>(4);

  private static Depmod.Result compute(
      ModuleRepository repository, List<DepmodSearch.Candidate> found) {
    List<Module> modules = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (DepmodSearch.Candidate candidate : found) {
      try {
        KoModule ko = candidate.file().ko();
        List<String> exports = new ArrayList<>();
        ko.exports().forEach(e -> exports.add(e.symbol()));
        List<String> imports = new ArrayList<>();
        ko.dependencySymbols().forEach(d -> imports.add(d.symbol()));
        modules.add(new Module(candidate.path(), exports, imports, ko.modinfo()));
      } catch (KoFormatException e) {
        warnings.add("depmod: WARNING: " + e.getMessage());
      }
    }
    String order = repository.treeFile("modules.order");
    List<String> lines = order == null ? List.of() : order.lines().toList();
    List<String> errors = new ArrayList<>();
    String dep = modulesDep(modules, lines, errors);
    List<Module> sorted = sort(modules, lines);
    Map<String, String> indexes = KoDepmodIndexes.all(sorted, warnings);
    // modprobe reads modules.dep: each line's module, then its dependencies
    Map<String, String> files = new LinkedHashMap<>();
    Map<String, List<String>> dependencies = new LinkedHashMap<>();
    for (String line : dep.lines().toList()) {
      int colon = line.indexOf(':');
      String name = KoTools.modname(line.substring(0, colon));
      files.put(name, line.substring(0, colon));
      List<String> names = new ArrayList<>();
      for (String path : line.substring(colon + 1).trim().split(" ")) {
        if (!path.isEmpty()) {
          names.add(KoTools.modname(path));
        }
      }
      dependencies.put(name, names);
    }
    return new Depmod.Result(
        java.util.Collections.unmodifiableMap(files),
        java.util.Collections.unmodifiableMap(dependencies),
        List.copyOf(warnings),
        List.copyOf(errors),
        dep,
        java.util.Collections.unmodifiableMap(indexes),
        sorted);
  }

  /**
   * modules.dep as kmod writes it.
   *
   * @param order the lines of modules.order (uncompressed relative paths), empty without the file
   * @param cycles receives one "Cycle detected" line per cycle, as depmod reports them
   */
  public static String modulesDep(List<Module> modules, List<String> order, List<String> cycles) {
    List<Module> sorted = sort(modules, order);
    Map<String, Integer> owner = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      for (String symbol : sorted.get(i).exports()) {
        owner.put(symbol, i);
      }
    }
    List<List<Integer>> deps = new ArrayList<>();
    int[] users = new int[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      LinkedHashSet<Integer> mine = new LinkedHashSet<>();
      for (String symbol : sorted.get(i).imports()) {
        // depmod_symbol_find: PPC64's ".foo" is foo
        Integer o = owner.get(symbol.startsWith(".") ? symbol.substring(1) : symbol);
        if (o != null && mine.add(o)) {
          users[o]++;
        }
      }
      deps.add(new ArrayList<>(mine));
    }
    int[] rank = topologicalRank(deps, users.clone());
    StringBuilder out = new StringBuilder();
    boolean cyclic = false;
    for (int r : rank) {
      cyclic |= r < 0;
    }
    if (cyclic) {
      cycles.add("depmod: ERROR: Found a dependency cycle in the modules of the tree");
      return "";
    }
    for (int i = 0; i < sorted.size(); i++) {
      out.append(sorted.get(i).path()).append(':');
      TreeSet<Integer> all = new TreeSet<>((a, b) -> Integer.compare(rank[a], rank[b]));
      Deque<Integer> todo = new ArrayDeque<>(deps.get(i));
      while (!todo.isEmpty()) {
        int d = todo.pop();
        if (all.add(d)) {
          todo.addAll(deps.get(d));
        }
      }
      for (int d : all) {
        out.append(' ').append(sorted.get(d).path());
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** depmod_modules_sort: listed modules first, in modules.order order; the rest after. */
  static List<Module> sort(List<Module> modules, List<String> order) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i), i); // a path listed twice keeps its last line, as in kmod
    }
    List<Module> sorted = new ArrayList<>(modules);
    sorted.sort(
        (a, b) ->
            Integer.compare(
                index.getOrDefault(uncompressed(a.path()), order.size() + modules.indexOf(a)),
                index.getOrDefault(uncompressed(b.path()), order.size() + modules.indexOf(b))));
    return sorted;
  }

  /** The topological index of each module (roots taken from the top of a stack); -1: a cycle. */
  private static int[] topologicalRank(List<List<Integer>> deps, int[] users) {
    int n = deps.size();
    int[] rank = new int[n];
    java.util.Arrays.fill(rank, -1);
    int[] roots = new int[n];
    int top = 0;
    for (int i = 0; i < n; i++) {
      if (users[i] == 0) {
        roots[top++] = i;
      }
    }
    int next = 0;
    while (top > 0) {
      int src = roots[--top];
      rank[src] = next++;
      for (int dst : deps.get(src)) {
        if (--users[dst] == 0) {
          roots[top++] = dst;
        }
      }
    }
    return rank;
  }

  private static String uncompressed(String path) {
    for (String suffix : new String[] {".xz", ".zst", ".gz"}) {
      if (path.endsWith(".ko" + suffix)) {
        return path.substring(0, path.length() - suffix.length());
      }
    }
    return path;
  }
}
