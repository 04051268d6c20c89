package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.ModuleRepository;

/**
 * What a modprobe command line asks (kmod tools/modprobe.c options; modutils' {@code -k}) and the
 * decisions that need no system call: the load or removal order from modules.dep, what {@code
 * --show-depends} prints, what /proc/modules leaves to do, the options each module gets and the
 * messages. Pure; {@link Modprobe} makes the calls.
 *
 * @param module the module's name (an alias resolved to the name its file declares)
 * @param args the module parameters after the name
 * @param autoclean 2.4 {@code -k}: the modules it loads are autoclean (and it is quiet)
 */
record ModprobeCommand(
    String module,
    List<String> args,
    boolean remove,
    boolean showDepends,
    boolean force,
    boolean firstTime,
    boolean autoclean,
    boolean dryRun,
    boolean verbose,
    boolean useBlacklist,
    String given) {

  /** The command line after {@code modprobe}; a bad option is an IllegalArgumentException. */
  static ModprobeCommand parse(List<String> args, ModuleRepository repository, Era era) {
    boolean remove = false;
    boolean showDepends = false;
    boolean force = false;
    boolean firstTime = false;
    boolean autoclean = false;
    boolean dryRun = false;
    boolean verbose = false;
    boolean useBlacklist = false;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (!rest.isEmpty() || !arg.startsWith("-")) {
        rest.add(rest.isEmpty() ? ModuleArgs.moduleName(arg) : arg);
        continue;
      }
      switch (arg) {
        case "-r", "--remove" -> remove = true;
        case "-D", "--show-depends" -> showDepends = true;
        case "-f", "--force" -> force = true;
        case "--first-time" -> firstTime = true;
        case "-q", "--quiet" -> {}
        case "-n", "--dry-run" -> dryRun = true;
        case "-v", "--verbose" -> verbose = true;
        case "-b", "--use-blacklist" -> useBlacklist = true;
        case "-k", "--autoclean" -> autoclean = era == Era.V2_4 || unknown(arg); // implies -q
        default -> unknown(arg);
      }
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("missing module name");
    }
    String name = rest.get(0);
    String given = name;
    ModuleRepository.Found found = repository.byName(name);
    if (found != null) {
      try {
        name = found.definition(era).name(); // an alias
      } catch (ModuleFile.ModuleFormatException e) {
        // reported when modprobe loads it
      }
    }
    List<String> params = List.copyOf(rest.subList(1, rest.size()));
    return new ModprobeCommand(
        name,
        params,
        remove,
        showDepends,
        force,
        firstTime,
        autoclean,
        dryRun,
        verbose,
        useBlacklist,
        given);
  }

  private static boolean unknown(String option) {
    throw new IllegalArgumentException("unknown option " + option);
  }

  /** The order: to load, dependencies right to left, then the module; to remove, the reverse. */
  List<String> order(Depmod.Result depmod) {
    List<String> order = new ArrayList<>(depmod.dependencies().getOrDefault(module, List.of()));
    if (remove) {
      order.add(0, module);
    } else {
      order = new ArrayList<>(ProcModules.reversed(order));
      order.add(module);
    }
    return order;
  }

  /**
   * What a load inserts: over a real tree libkmod's probe list (softdeps, built-in modules: {@link
   * ProbeList}); over module files the dependencies right to left, then the module.
   */
  List<ProbeList.Entry> probe(Depmod.Result depmod, ModuleRepository repository) {
    ModprobeConfig config = ModprobeConfig.load(null, depmod.indexes().get("modules.softdep"));
    return probe(depmod, repository, lookup(depmod, repository, config));
  }

  /** The same with the lookup (configuration, aliases) of this machine. */
  List<ProbeList.Entry> probe(
      Depmod.Result depmod, ModuleRepository repository, ModuleLookup lookup) {
    if (depmod.modulesDep() == null || remove) {
      return order(depmod).stream().map(name -> new ProbeList.Entry(name, false)).toList();
    }
    List<ProbeList.Softdep> softdeps = lookup.softdeps();
    List<ProbeList.Entry> all = new ArrayList<>();
    for (ProbeList.Entry target : targets(lookup)) {
      all.addAll(
          ProbeList.of(
              target.name(),
              depmod.dependencies(),
              softdeps,
              lookup.builtinNames(),
              lookup::lookup));
    }
    return all;
  }

  /**
   * The modules the name looks up, less those blacklisted (modprobe.c insmod's flags: a blacklist
   * line counts for a module asked for by an alias, or by any name with {@code -b}).
   */
  List<ProbeList.Entry> targets(ModuleLookup lookup) {
    List<ProbeList.Entry> targets = new ArrayList<>();
    for (ProbeList.Entry target : lookup.lookup(given)) {
      if ((target.alias() || useBlacklist) && lookup.config().blacklist().contains(target.name())) {
        continue;
      }
      targets.add(target);
    }
    return targets;
  }

  /**
   * module_options_concat: the configuration's options for the module (by its name, or the alias it
   * was asked as), then the command line's for the module asked for.
   */
  String options(String name, ModuleLookup lookup, List<ProbeList.Entry> targets) {
    boolean target = targets.stream().anyMatch(t -> t.name().equals(name));
    String config = lookup.config().optionsFor(name, target ? given : null);
    String extra = target && !args.isEmpty() ? String.join(" ", args) : null;
    if (config == null) {
      return extra == null ? "" : extra;
    }
    return extra == null ? config : config + " " + extra;
  }

  /** The lookup over this tree: its configuration, modules.softdep, aliases and built-ins. */
  static ModuleLookup lookup(
      Depmod.Result depmod, ModuleRepository repository, ModprobeConfig config) {
    return new ModuleLookup(
        depmod, builtin(repository), repository.treeBytes("modules.builtin.modinfo"), config);
  }

  /** The modules built into the kernel (the tree's modules.builtin). */
  static java.util.Set<String> builtin(ModuleRepository repository) {
    return ProbeList.parseBuiltin(repository.treeFile("modules.builtin"));
  }

  /** --show-depends, -v: print_action's line for each module ("insmod PATH OPTIONS", "builtin"). */
  String showDepends(List<ProbeList.Entry> order, ModuleRepository repository) {
    return showDepends(
        order, repository, name -> name.equals(module) ? String.join(" ", args) : "");
  }

  /** The same with each module's options. */
  String showDepends(
      List<ProbeList.Entry> order,
      ModuleRepository repository,
      java.util.function.Function<String, String> optionsOf) {
    StringBuilder out = new StringBuilder();
    for (ProbeList.Entry entry : order) {
      String name = entry.name();
      if (entry.builtin()) {
        out.append("builtin ").append(name).append('\n');
        continue;
      } else if (repository.byName(name) == null) {
        continue; // a configuration alias to a module the tree does not have: no path to show
      }
      String options = optionsOf.apply(name);
      out.append("insmod ").append(repository.byName(name).shownPath()).append(' ');
      out.append(options).append('\n');
    }
    return out.toString();
  }

  /**
   * What /proc/modules leaves to do: the modules already loaded (not loaded again), or null when
   * there is nothing to do; {@link #inUse} first tells whether a removal is refused.
   */
  List<String> loaded(List<ProcModules.Line> lines) {
    List<String> loaded = lines.stream().map(ProcModules.Line::name).toList();
    return loaded.contains(module) == remove ? loaded : null;
  }

  /** A removal of a module in use: kmod's message, else null. */
  String inUse(List<ProcModules.Line> lines) {
    boolean used =
        remove
            && lines.stream()
                .anyMatch(
                    line ->
                        line.name().equals(module)
                            && (line.refcount() > 0 || !line.users().isEmpty()));
    return used ? "modprobe: FATAL: Module " + module + " is in use.\n" : null;
  }

  /** The parameters {@code name} is loaded with: the command line's for the module itself. */
  List<String> options(String name) {
    return name.equals(module) ? args : List.of();
  }

  /** The finit_module input for {@code name} (its options; {@code -f} ignores both checks). */
  LoadInfo info(String name, ModuleDefinition def, String inode) {
    return info(def, ModuleArgs.join(options(name)), inode);
  }

  /** The same with the options already joined. */
  LoadInfo info(ModuleDefinition def, String options, String inode) {
    return new LoadInfo(def, options, "finit_module", force, force, false, null, inode);
  }

  /** modutils modprobe: {@code /sbin/insmod [-k -q] [-f] PATH [options]} for one module. */
  List<String> insmod24(String name, String path) {
    List<String> insmod = new ArrayList<>(autoclean ? List.of("-k", "-q") : List.of());
    if (force) {
      insmod.add("-f");
    }
    insmod.add(path);
    insmod.addAll(options(name));
    return List.copyOf(insmod);
  }

  String notFound(Era era) {
    return "modprobe: FATAL: Module "
        + module
        + " not found in directory /lib/modules/"
        + era.release()
        + "\n";
  }

  /**
   * kmod 30 modprobe.c insmod()'s switch: ENOENT has its own text, the rest strerror (ENOEXEC "Exec
   * format error"; insmod's mod_strerror says "Invalid module format", modprobe does not).
   */
  static String error(Errno errno) {
    return switch (errno) {
      case ENOENT -> "Unknown symbol in module, or unknown parameter (see dmesg)";
      default -> errno.message();
    };
  }

  static String couldNotInsert(String name, String why) {
    return "modprobe: ERROR: could not insert '" + name + "': " + why + "\n";
  }
}
