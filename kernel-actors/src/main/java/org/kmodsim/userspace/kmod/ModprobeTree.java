package org.kmodsim.userspace.kmod;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.ModuleRepository;

/**
 * The machine's modules as modprobe sees them: the lookup of a name (kmod_module_new_from_lookup
 * over a real tree, {@link ModuleLookup}; over module files the file of that name, an alias
 * resolved to the name it declares), modules.dep, the probe list ({@link ProbeList}), the
 * configuration ({@link ModprobeConfig}: options, blacklist, softdeps, install and remove commands)
 * and the paths print_action shows. Pure once read.
 */
final class ModprobeTree {
  private final ModuleRepository repository;
  private final Era era;
  private final Depmod.Result depmod;
  private final ModprobeConfig config;
  private final ModuleLookup lookup;

  private ModprobeTree(
      ModuleRepository repository,
      Era era,
      List<String> configs,
      ModprobeConfig given,
      String procCmdline) {
    this.repository = repository;
    this.era = era;
    this.depmod = Depmod.run(repository, era);
    String softdep = depmod.indexes().get("modules.softdep");
    Path root = real() ? root(repository) : null;
    this.config =
        given != null
            ? given
            : ModprobeConfig.load(
                    root, configs.isEmpty() ? ModprobeConfig.DIRECTORIES : configs, softdep)
                .withKcmdline(procCmdline, era);
    this.lookup =
        new ModuleLookup(
            depmod,
            ProbeList.parseBuiltin(repository.treeFile("modules.builtin")),
            repository.treeBytes("modules.builtin.modinfo"),
            config);
  }

  /**
   * The tree with the configuration of {@code -C} paths (none: the default directories) and the
   * kernel command line's entries ({@code procCmdline}: /proc/cmdline's text, null for none).
   */
  static ModprobeTree of(
      ModuleRepository repository, Era era, List<String> configs, String procCmdline) {
    return new ModprobeTree(repository, era, configs, null, procCmdline);
  }

  /** The same without a kernel command line. */
  static ModprobeTree of(ModuleRepository repository, Era era, List<String> configs) {
    return of(repository, era, configs, null);
  }

  /** The tree with this configuration (tests). */
  static ModprobeTree of(ModuleRepository repository, Era era, ModprobeConfig config) {
    return new ModprobeTree(repository, era, List.of(), config, null);
  }

  /** A real tree (with modules.dep and modules.order), not the model's module files. */
  boolean real() {
    return depmod.modulesDep() != null;
  }

  ModprobeConfig config() {
    return config;
  }

  String release() {
    return repository.release();
  }

  /** The modules {@code given} names, or none. */
  List<ProbeList.Entry> lookup(String given) {
    if (real()) {
      return lookup.lookup(given);
    }
    String name = ModprobeOptions.modname(given);
    ModuleRepository.Found found = repository.byName(name);
    if (found == null) {
      // kmod_lookup_alias_from_commands
      return config.hasCommandFor(name) ? List.of(new ProbeList.Entry(name, false)) : List.of();
    }
    try {
      name = found.definition(era).name(); // an alias
    } catch (ModuleFile.ModuleFormatException e) {
      // reported when modprobe loads it
    }
    return List.of(new ProbeList.Entry(name, false));
  }

  /** modules.dep's line for {@code name}, in its order. */
  List<String> dependencies(String name) {
    return depmod.dependencies().getOrDefault(name, List.of());
  }

  /**
   * What {@code modprobe TARGET} inserts, in order: over a real tree libkmod's probe list (with
   * softdeps and built-in modules), over module files the dependencies right to left, then it.
   */
  List<ProbeList.Entry> probe(String target, boolean ignoreCommand) {
    if (real()) {
      return ProbeList.of(
          target,
          depmod.dependencies(),
          config.softdeps(),
          lookup.builtinNames(),
          lookup::lookup,
          ignoreCommand);
    }
    List<ProbeList.Entry> order = new ArrayList<>();
    for (String dep : ProcModules.reversed(dependencies(target))) {
      order.add(new ProbeList.Entry(dep, false));
    }
    order.add(new ProbeList.Entry(target, false));
    return order;
  }

  /** A {@code softdep} line for the module: its install command is then not run. */
  boolean hasSoftdeps(String name) {
    return ProbeList.softdep(config.softdeps(), name) != null;
  }

  /** The modules of the module's {@code pre:} (or {@code post:}) softdeps, looked up. */
  List<ProbeList.Entry> softdeps(String name, boolean pre) {
    ProbeList.Softdep softdep = ProbeList.softdep(config.softdeps(), name);
    List<ProbeList.Entry> found = new ArrayList<>();
    for (String dep : softdep == null ? List.<String>of() : pre ? softdep.pre() : softdep.post()) {
      found.addAll(lookup(dep));
    }
    return found;
  }

  boolean builtin(String name) {
    return lookup.builtinNames().contains(name);
  }

  boolean blacklisted(String name) {
    return config.blacklist().contains(name);
  }

  /** The module's file as print_action shows it, or null (an alias to no file). */
  String path(String name) {
    ModuleRepository.Found found = file(name);
    return found == null ? null : found.shownPath();
  }

  /**
   * The module's file: over a real tree the one modules.dep names (depmod chose it among files of
   * one name by depmod.d's search and override; an external directory's by its full path), else the
   * first of its name.
   */
  ModuleRepository.Found file(String name) {
    ModuleRepository.Found found = repository.byName(name);
    String listed = real() ? depmod.files().get(name) : null;
    if (listed == null || (found != null && found.fileName().equals(listed))) {
      return found;
    }
    if (listed.startsWith("/")) {
      Path root = root(repository);
      ModuleRepository.Found ext =
          root == null ? null : repository.file(root.resolve(listed.substring(1)).toString());
      return ext == null
          ? found
          : new ModuleRepository.Found(listed, ext.fileName(), ext.text(), ext.inode(), ext.real());
    }
    for (ModuleRepository.Found file : repository.files()) {
      if (file.fileName().equals(listed)) {
        return file;
      }
    }
    return found;
  }

  ModuleRepository repository() {
    return repository;
  }

  /**
   * module_options_concat: the configuration's options for the module (by its name, or the alias it
   * was asked as when it is the target), then {@code extra} (the command line's, for the target).
   */
  String options(String name, String alias, String extra) {
    String configured = config.optionsFor(name, alias);
    if (configured == null || configured.isEmpty()) {
      return extra;
    }
    return extra.isEmpty() ? configured : configured + " " + extra;
  }

  /**
   * The machine's root on disk: the directory above lib/modules/VERSION when the tree lies there (a
   * package unpacked with dpkg -x, or the host's own /lib/modules/VERSION), else none.
   */
  static Path root(ModuleRepository repository) {
    Path dir = repository.directory();
    if (dir == null) {
      return null;
    }
    Path tree;
    try {
      tree = dir.toAbsolutePath().normalize().toRealPath();
    } catch (IOException e) {
      return null;
    }
    Path modules = tree.getParent();
    Path lib = modules == null ? null : modules.getParent();
    boolean under =
        lib != null
            && modules.getFileName().toString().equals("modules")
            && lib.getFileName() != null
            && lib.getFileName().toString().equals("lib");
    return under ? lib.getParent() : null;
  }
}
