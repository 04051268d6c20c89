package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ProcModules;
import org.kmodsim.userspace.ModuleArgs;
import org.kmodsim.userspace.kmod.ModprobeOptions.Flag;

/**
 * What one modprobe call does, decided before its first system call from its command line, the
 * module tree and /proc/modules, as a list of actions (print, insert, remove, run a configured
 * command, 2.4's insmod), and how each one's result ends: the messages, the exit status, what is
 * skipped after a failure. kmod 30's insmod() and rmmod_do_module (tools/modprobe.c) with libkmod's
 * kmod_module_probe_insert_module are {@link KmodProbe}; module-init-tools 3.9's insmod() and
 * rmmod() (modprobe.c) are {@link MitProbe}. The plan tracks the modules it loads and removes, as
 * the real tools read /proc/modules and /sys/module again between their calls. Actions belong to
 * scopes (a module asked for, each module it looks up, each softdep's own removal): a failure skips
 * the rest of its scope. Pure, and the per-call state the step's continuations carry.
 */
final class ModprobePlan {
  /** One thing to do, in a scope. */
  sealed interface Action permits Print, Insert, Remove, Run, Insmod24 {
    int scope();
  }

  /**
   * Output; {@code fails} marks the scope failed (exit 1), {@code fatal} ends modprobe (kmod's
   * LOG_CRIT and module-init-tools' fatal() exit at once).
   */
  record Print(String out, String err, boolean fails, boolean fatal, int scope) implements Action {
    /** A refusal of what the model does not have: exit 2. */
    static final String REFUSED = " is not modelled";
  }

  /**
   * init_module or finit_module of {@code name}; {@code required} is libkmod's flag (the target and
   * its modules.dep, not softdeps); {@code above} the modules whose loads wait for it
   * (module-init-tools' recursion reports each).
   */
  record Insert(String name, LoadInfo info, boolean required, List<String> above, int scope)
      implements Action {}

  /** delete_module; {@code main}: the module of its scope, whose failure ends the scope. */
  record Remove(String name, boolean blocking, boolean force, boolean main, int scope)
      implements Action {}

  /** An install or remove command of the configuration, as the shell's programs. */
  record Run(String type, String module, String line, List<Step> steps, boolean required, int scope)
      implements Action {}

  /** 2.4: modutils' insmod with its arguments. */
  record Insmod24(String path, List<String> args, int scope) implements Action {}

  /** What an action's end prints. */
  record Shown(String out, String err) {
    static final Shown NOTHING = new Shown("", "");
  }

  final ModprobeOptions options;
  final ModprobeTree tree;
  final Era era;
  final Commands commands;
  final List<Action> actions = new ArrayList<>();

  /** The modules loaded now (as the plan goes), with their reference counts and users. */
  final Map<String, ProcModules.Line> loaded = new LinkedHashMap<>();

  private final List<Integer> parents = new ArrayList<>();
  private final Map<Integer, String> targets = new HashMap<>();
  private final Set<Integer> stopped = new HashSet<>();
  private final Set<Integer> breaking = new HashSet<>();
  private final Set<Integer> failedNames = new HashSet<>();
  private final Set<Integer> holding = new HashSet<>();
  private boolean over;
  private boolean clobbered;

  private ModprobePlan(ModprobeOptions options, ModprobeTree tree, Era era, Commands commands) {
    this.options = options;
    this.tree = tree;
    this.era = era;
    this.commands = commands;
  }

  /** The plan of a call; {@code procModules} is /proc/modules as modprobe started. */
  static ModprobePlan of(
      ModprobeOptions options, ModprobeTree tree, Era era, Commands commands, String procModules) {
    ModprobePlan plan = new ModprobePlan(options, tree, era, commands);
    ProcModules.parse(procModules, era).forEach(line -> plan.loaded.put(line.name(), line));
    if (era == Era.V2_6) {
      new MitProbe(plan).plan();
    } else {
      new KmodProbe(plan).plan();
    }
    return plan;
  }

  List<Action> actions() {
    return List.copyOf(actions);
  }

  /** What the plan prints on standard output before any system call (--show-depends, -n). */
  String shown() {
    StringBuilder out = new StringBuilder();
    for (Action action : actions) {
      if (action instanceof Print print) {
        out.append(print.out());
      }
    }
    return out.toString();
  }

  // ---- building

  /** A new scope under {@code parent} (-1: a module named on the command line). */
  int scope(int parent) {
    parents.add(parent);
    return parents.size() - 1;
  }

  /** A scope for one module a name looked up; {@code breaks}: its failure stops the name's. */
  int target(int name, String module, boolean breaks) {
    int scope = scope(name);
    targets.put(scope, module);
    if (breaks) {
      breaking.add(scope);
    }
    return scope;
  }

  void print(String out, String err, boolean fails, boolean fatal, int scope) {
    if (!out.isEmpty() || !err.isEmpty() || fails || fatal) {
      actions.add(new Print(out, err, fails, fatal, scope));
    }
  }

  void out(String text, int scope) {
    print(text, "", false, false, scope);
  }

  /**
   * A scope for the removal of a holder (kmod's --remove-holders): rmmod_do_modlist(holders, true)
   * stops at an error and fails the module's own removal.
   */
  int holderScope(int parent) {
    int scope = scope(parent);
    holding.add(scope);
    return scope;
  }

  /** The modules using {@code name} now, as /proc/modules lists them. */
  List<String> holders(String name) {
    ProcModules.Line line = loaded.get(name);
    return line == null ? List.of() : line.users();
  }

  boolean inKernel(String name) {
    return loaded.containsKey(name) || tree.builtin(name);
  }

  long refcount(String name) {
    ProcModules.Line line = loaded.get(name);
    return line == null ? -1 : line.refcount();
  }

  /** The module is loaded: as far as the plan goes, it is in /proc/modules. */
  void nowLoaded(String name, List<String> deps) {
    loaded.put(name, new ProcModules.Line(name, 0, 0, List.of()));
    for (String dep : deps) {
      ProcModules.Line line = loaded.get(dep);
      if (line != null) {
        List<String> users = new ArrayList<>(line.users());
        users.add(name);
        loaded.put(dep, new ProcModules.Line(dep, line.size(), line.refcount() + 1, users));
      }
    }
  }

  /** The module is removed: its dependencies lose a user. */
  void nowRemoved(String name) {
    loaded.remove(name);
    for (ProcModules.Line line : List.copyOf(loaded.values())) {
      if (line.users().contains(name)) {
        List<String> users = new ArrayList<>(line.users());
        users.remove(name);
        long refcount = Math.max(0, line.refcount() - 1);
        loaded.put(line.name(), new ProcModules.Line(line.name(), line.size(), refcount, users));
      }
    }
  }

  /**
   * The finit_module (2.6: init_module) input for a module, or null when its file does not parse
   * ({@link #formatError} then says why).
   */
  LoadInfo info(String name, String params) {
    ModuleDefinition def;
    try {
      def = tree.file(name).definition(era);
    } catch (ModuleFile.ModuleFormatException e) {
      formatError = e.getMessage();
      return null;
    }
    long flags =
        (options.has(Flag.FORCE_MODVERSION) ? LoadInfo.IGNORE_MODVERSIONS : 0)
            | (options.has(Flag.FORCE_VERMAGIC) ? LoadInfo.IGNORE_VERMAGIC : 0);
    String inode = tree.file(name).inode();
    return era == Era.V2_6
        ? LoadInfo.initModule(def, params, flags, inode)
        : LoadInfo.finitModule(def, params, flags, inode);
  }

  /** Why the last {@link #info} found no module in its file. */
  String formatError;

  /** Scopes whose errors are warnings (module-init-tools' {@code error = warn}). */
  final Set<Integer> warnings = new HashSet<>();

  /**
   * An install or remove command as {@code /bin/sh -c} would run it, with $CMDLINE_OPTS replaced: a
   * command or a {@code ;} list of them, each one of the machine's programs (a directory before the
   * name is dropped: {@code /sbin/modprobe} is {@code modprobe}); sh's message and status 127 for a
   * program the machine does not have. Each program starts with status 0, as a new process does, so
   * the status the body leaves is the last program's, sh's for a list. Null for the shell's other
   * forms, which the model does not have.
   */
  List<Step> shell(String line) {
    if (line.matches(".*(\\||&|`|\\$|<|>|\\(|\\)).*")) {
      return null;
    }
    List<Step> steps = new ArrayList<>();
    for (String command : org.kmodsim.cpu.CommandLine.splitList(line)) {
      steps.add(NEW_PROCESS);
      List<String> words = org.kmodsim.cpu.CommandLine.split(command);
      String program = words.get(0).substring(words.get(0).lastIndexOf('/') + 1);
      String rest = command.substring(command.indexOf(words.get(0)) + words.get(0).length());
      if (!commands.has(program)) {
        String message = "sh: 1: " + words.get(0) + ": not found\n";
        steps.add(new org.kmodsim.userspace.Program("sh", c -> c.fail(127, message)));
        continue;
      }
      steps.add(commands.parse(program + rest));
    }
    return steps;
  }

  /** A program of the command starts as a new process: exit status 0 until it sets one. */
  private static final Step NEW_PROCESS =
      new org.kmodsim.userspace.Program("sh", ModprobePlan::newProcess);

  private static org.kmodsim.cpu.StepResult newProcess(org.kmodsim.cpu.CpuContext cpu) {
    cpu.exit(0);
    return org.kmodsim.cpu.StepResult.NEXT;
  }

  /** module_do_install_commands: every $CMDLINE_OPTS replaced by the options. */
  static String substitute(String command, String options) {
    return command.replace("$CMDLINE_OPTS", options);
  }

  static String join(List<String> params) {
    return ModuleArgs.join(params);
  }

  // ---- running

  /** The errno of a failed load, or null. */
  static Errno errno(org.kmodsim.kernel.module.ModuleLoader.LoadReply reply) {
    return reply instanceof org.kmodsim.kernel.module.ModuleLoader.LoadFailed failed
        ? failed.errno()
        : null;
  }

  /** The errno of a failed delete_module, or null. */
  static Errno errno(org.kmodsim.kernel.module.ModuleLoader.DeleteReply reply) {
    return reply instanceof org.kmodsim.kernel.module.ModuleLoader.DeleteFailed failed
        ? failed.errno()
        : null;
  }

  /** Whether the action is skipped: modprobe ended, or its scope or one around it failed. */
  boolean skipped(Action action) {
    for (int scope = action.scope(); scope >= 0; scope = parents.get(scope)) {
      if (stopped.contains(scope)) {
        return true;
      }
    }
    return over;
  }

  /**
   * The scope failed: the rest of it is skipped. A module named on the command line, or one it
   * looked up, fails the call (exit 1), and a looked-up module that {@code breaks} skips the name's
   * other modules; a softdep's own removal fails only itself (rmmod_do_modlist ignores it).
   */
  void fail(int scope) {
    stopped.add(scope);
    int parent = parents.get(scope);
    if (holding.contains(scope)) {
      fail(parent);
    } else if (parent < 0) {
      failedNames.add(scope);
    } else if (targets.containsKey(scope)) {
      failedNames.add(parent);
      if (breaking.contains(scope)) {
        stopped.add(parent);
      }
    }
  }

  /** The rest of the scope is skipped, and the exit status stays as it is. */
  void skipRest(int scope) {
    stopped.add(scope);
  }

  /** The module a scope looked up (the one kmod's messages name). */
  String target(int scope) {
    for (int at = scope; at >= 0; at = parents.get(at)) {
      if (targets.containsKey(at)) {
        return targets.get(at);
      }
    }
    return null;
  }

  Shown printed(Print print) {
    if (print.fails()) {
      fail(print.scope());
    }
    refused |= print.fatal() && print.err().contains(Print.REFUSED);
    over |= print.fatal();
    return new Shown(print.out(), print.err());
  }

  /** Ends modprobe at once (a fatal message), with exit status 1. */
  void end(int scope) {
    fail(scope);
    over = true;
  }

  Shown inserted(Insert insert, Errno errno) {
    return era == Era.V2_6
        ? new MitProbe(this).inserted(insert, errno)
        : new KmodProbe(this).inserted(insert, errno);
  }

  Shown removed(Remove remove, Errno errno) {
    return era == Era.V2_6
        ? new MitProbe(this).removed(remove, errno)
        : new KmodProbe(this).removed(remove, errno);
  }

  /**
   * A configured command ended with {@code status}, the exit status its last program left
   * (system()'s WEXITSTATUS: the low 8 bits).
   */
  Shown ran(Run run, int status) {
    clobbered = true;
    return era == Era.V2_6
        ? new MitProbe(this).ran(run, status & 0xff)
        : new KmodProbe(this).ran(run, status & 0xff);
  }

  /**
   * modutils' insmod returned {@code result}: a failure is reported twice ("insmod PATH failed",
   * "insmod NAME failed", not under {@code -k}) and modprobe exits 255.
   */
  Shown insmodded(Insmod24 insmod, long result) {
    clobbered = true;
    if (result == 0) {
      return Shown.NOTHING;
    }
    end(insmod.scope());
    exit255 = true;
    String path = insmod.path();
    String name = target(insmod.scope());
    return options.has(Flag.AUTOCLEAN)
        ? Shown.NOTHING
        : new Shown(
            "", path + ": insmod " + path + " failed\n" + path + ": insmod " + name + " failed\n");
  }

  private boolean exit255;
  private boolean refused;

  /**
   * The exit status when modprobe ends, or null to leave the program's status as it is (nothing
   * failed and nothing else set it).
   */
  Integer status() {
    if (refused) {
      return 2;
    } else if (exit255) {
      return 255;
    } else if (!failedNames.isEmpty()) {
      return 1;
    }
    return clobbered ? 0 : null;
  }
}
