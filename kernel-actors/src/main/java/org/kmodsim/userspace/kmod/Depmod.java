package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kallsyms.SymbolTable;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.Modversions;
import org.kmodsim.userspace.ModuleRepository;

/**
 * depmod (kmod tools/depmod.c): which module of the directory provides each symbol, modules.dep
 * with all transitive dependencies (modprobe loads them right to left), the unknown-symbol warnings
 * and cycle errors. Pure.
 */
public final class Depmod {
  private Depmod() {}

  /** The result: per module name its file and its dependencies in modules.dep order. */
  public record Result(
      Map<String, String> files,
      Map<String, List<String>> dependencies,
      List<String> warnings,
      List<String> errors,
      String modulesDep,
      Map<String, String> indexes,
      List<KoDepmod.Module> sorted) {
    public Result {
      sorted = List.copyOf(sorted);
    }

    Result(
        Map<String, String> files,
        Map<String, List<String>> dependencies,
        List<String> warnings,
        List<String> errors) {
      this(files, dependencies, warnings, errors, null, Map.of(), List.of());
    }
  }

  /**
   * depmod over the machine's own tree as {@code depmod -a} leaves it: the configuration of the
   * machine's depmod.d directories (kmod's default_cfg_paths), its messages not shown.
   */
  public static Result run(ModuleRepository repository, Era era) {
    java.nio.file.Path root = ModprobeTree.root(repository);
    String release = repository.release();
    DepmodConfig config = DepmodConfig.load(root, List.of(), release, 0);
    return run(repository, era, config, "/lib/modules/" + release, root);
  }

  /**
   * depmod over {@code repository} with {@code config}; a tree of module files (HOCON) has no
   * depmod.d.
   *
   * @param dirname the tree as depmod names it (ROOT/lib/modules/VERSION)
   * @param root the machine's root on disk, for {@code external} directories (null: none)
   */
  static Result run(
      ModuleRepository repository,
      Era era,
      DepmodConfig config,
      String dirname,
      java.nio.file.Path root) {
    if (repository.files().stream().anyMatch(file -> file.real() != null)) {
      return KoDepmod.run(repository, config, dirname, root);
    }
    SymbolTable kernel = SymbolTable.withBuiltins(era);
    Map<String, ModuleDefinition> modules = new LinkedHashMap<>();
    Map<String, String> files = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (ModuleRepository.Found file : repository.files()) {
      try {
        ModuleDefinition def = file.definition(era);
        modules.put(def.name(), def);
        files.put(def.name(), file.fileName());
      } catch (ModuleFile.ModuleFormatException e) {
        warnings.add("depmod: WARNING: " + e.getMessage());
      }
    }
    Map<String, List<String>> providers = new LinkedHashMap<>();
    for (ModuleDefinition def : modules.values()) {
      for (ModuleDefinition.Export export : def.exports()) {
        providers.computeIfAbsent(export.symbol(), s -> new ArrayList<>()).add(def.name());
      }
    }
    Map<String, LinkedHashSet<String>> direct = new LinkedHashMap<>();
    for (ModuleDefinition def : modules.values()) {
      LinkedHashSet<String> deps = new LinkedHashSet<>();
      for (ModuleDefinition.Import imported : def.imports()) {
        String owner = provider(providers.get(imported.symbol()), def.depends());
        if (owner != null && !owner.equals(def.name())) {
          deps.add(owner);
        } else if (owner == null
            && kernel.findAnyExport(imported.symbol()) == null
            && !imported.symbol().equals(Modversions.layoutSymbol(era))
            && !imported.weak()) {
          warnings.add(
              "depmod: WARNING: "
                  + repository.shownPath(files.get(def.name()))
                  + " needs unknown symbol "
                  + imported.symbol());
        }
      }
      for (String depends : def.depends()) {
        if (modules.containsKey(depends)) {
          deps.add(depends);
        }
      }
      direct.put(def.name(), deps);
    }
    Map<String, List<String>> dependencies = new LinkedHashMap<>();
    for (String name : modules.keySet()) {
      List<String> order = new ArrayList<>();
      List<String> path = new ArrayList<>();
      path.add(name);
      if (!collect(name, direct, order, path, errors)) {
        continue;
      }
      dependencies.put(name, order);
    }
    return new Result(files, dependencies, warnings, errors);
  }

  /** Several modules export the symbol: the one the importer declares it depends on wins. */
  private static String provider(List<String> candidates, List<String> depends) {
    if (candidates == null) {
      return null;
    }
    for (String candidate : candidates) {
      if (depends.contains(candidate)) {
        return candidate;
      }
    }
    return candidates.get(0);
  }

  /** Breadth of direct dependencies first, then theirs: modprobe loads from the right. */
  private static boolean collect(
      String name,
      Map<String, LinkedHashSet<String>> direct,
      List<String> order,
      List<String> path,
      List<String> errors) {
    for (String dep : direct.getOrDefault(name, new LinkedHashSet<>())) {
      if (path.contains(dep)) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(dep), path.size()));
        cycle.add(dep);
        String line = "depmod: ERROR: Cycle detected: " + String.join(" -> ", cycle);
        if (!errors.contains(line)) {
          errors.add(line);
        }
        return false;
      }
      order.remove(dep);
      order.add(dep);
      path.add(dep);
      boolean ok = collect(dep, direct, order, path, errors);
      path.remove(path.size() - 1);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * What {@code depmod -n} prints: each text file depmod_output writes, in its order (modules.dep,
   * modules.alias, modules.softdep, modules.symbols, modules.devname; the .bin indexes are skipped
   * for stdout), one after the other with the files' own header comments.
   */
  public static String printed(Result result) {
    StringBuilder out = new StringBuilder(render(result));
    result.indexes().values().forEach(out::append);
    return out.toString();
  }

  /** modules.dep as text. */
  public static String render(Result result) {
    if (result.modulesDep() != null) {
      return result.modulesDep();
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> entry : result.dependencies().entrySet()) {
      out.append(result.files().get(entry.getKey())).append(':');
      for (String dep : entry.getValue()) {
        out.append(' ').append(result.files().get(dep));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
