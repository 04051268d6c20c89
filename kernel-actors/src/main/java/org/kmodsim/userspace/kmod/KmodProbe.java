package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.userspace.kmod.ModprobeOptions.Flag;
import org.kmodsim.userspace.kmod.ModprobePlan.Shown;

/**
 * kmod 30's modprobe as a {@link ModprobePlan} (4.x and 6.x; 2.4's modprobe loads through modutils'
 * insmod): tools/modprobe.c insmod() with libkmod-module.c kmod_module_probe_insert_module (the
 * module already in the kernel, the blacklist, the probe list, install commands unless the module
 * has softdeps or {@code -i} names it, print_action, errors of softdeps ignored), rmmod_do_module
 * (post: softdeps in reverse, the module or its remove command, the dependencies left unused, pre:
 * softdeps in reverse) and log.c's priorities: LOG is LOG_CRIT ("FATAL", and modprobe exits) or
 * LOG_WARNING under {@code -a}; libkmod's and ERR's messages are LOG_ERR; {@code -q} hides both,
 * {@code -s} sends them to syslog (dropped: the model has no syslog daemon).
 */
final class KmodProbe {
  private static final int LOG_CRIT = 2;
  private static final int LOG_ERR = 3;
  private static final int LOG_WARNING = 4;

  private final ModprobePlan plan;
  private final ModprobeOptions options;
  private final ModprobeTree tree;

  KmodProbe(ModprobePlan plan) {
    this.plan = plan;
    this.options = plan.options;
    this.tree = plan.tree;
  }

  void plan() {
    int config = plan.scope(-1);
    for (String error : tree.config().errors()) {
      // read in kmod_new, before log_setup_kmod_log: libkmod's own logger at LOG_ERR
      plan.print("", error + "\n", false, false, config);
    }
    if (options.has(Flag.SHOW_CONFIG)) {
      // do_modprobe: show_config before any removal or insertion, the module names unused
      String shown =
          KmodShowConfig.show(
              tree.config(),
              tree.repository().treeBytes("modules.alias.bin"),
              tree.repository().treeBytes("modules.symbols.bin"));
      plan.out(shown, config);
      return;
    }
    for (String given : options.names()) {
      int name = plan.scope(-1);
      if (options.has(Flag.REMOVE)) {
        remove(given, name);
      } else {
        insert(given, options.params(), name);
      }
    }
  }

  /** libkmod's and ERR's messages (LOG_ERR). */
  private String err(String text) {
    return options.verbose() >= LOG_ERR && !options.has(Flag.SYSLOG)
        ? "modprobe: ERROR: " + text
        : "";
  }

  /** modprobe.c's LOG: FATAL, and modprobe exits when it is logged; under -a a WARNING. */
  private void log(String text, int scope) {
    boolean all = options.has(Flag.ALL);
    boolean logged = options.verbose() >= (all ? LOG_WARNING : LOG_CRIT);
    String shown = logged && !options.has(Flag.SYSLOG) ? text : "";
    String err = shown.isEmpty() ? "" : "modprobe: " + (all ? "WARNING" : "FATAL") + ": " + shown;
    plan.print("", err, true, logged && !all, scope);
  }

  private List<ProbeList.Entry> lookup(String given) {
    String version = options.version();
    return version != null && !version.equals(tree.release()) ? List.of() : tree.lookup(given);
  }

  private String directory() {
    return "/lib/modules/" + (options.version() == null ? tree.release() : options.version());
  }

  private void insert(String given, List<String> params, int name) {
    List<ProbeList.Entry> found = lookup(given);
    if (found.isEmpty()) {
      log("Module " + given + " not found in directory " + directory() + "\n", name);
      return;
    }
    for (ProbeList.Entry target : found) {
      int scope = plan.target(name, target.name(), false);
      if (options.has(Flag.RESOLVE_ALIAS)) {
        plan.out(target.name() + "\n", scope);
      } else {
        probe(target, given, params, scope);
      }
    }
  }

  /** kmod_module_probe_insert_module for one module the name looked up. */
  private void probe(ProbeList.Entry target, String given, List<String> params, int scope) {
    boolean ignoreLoaded = options.has(Flag.SHOW_DEPENDS);
    if (!ignoreLoaded && plan.inKernel(target.name())) {
      if (options.has(Flag.FIRST_TIME)) {
        String why = "Module already in kernel";
        plan.print("", err(text(target.name(), why)), true, false, scope);
      }
      return;
    } else if ((target.alias() || options.has(Flag.USE_BLACKLIST))
        && tree.blacklisted(target.name())) {
      return;
    }
    Set<String> required = new HashSet<>(tree.dependencies(target.name()));
    required.add(target.name());
    boolean ignoreCommands = options.has(Flag.IGNORE_COMMANDS);
    for (ProbeList.Entry m : tree.probe(target.name(), ignoreCommands)) {
      String name = m.name();
      boolean isTarget = name.equals(target.name());
      if (!ignoreLoaded && plan.inKernel(name)) {
        continue;
      }
      List<String> extra = isTarget ? params : List.of();
      String moduleOptions = tree.options(name, isTarget ? given : null, ModprobePlan.join(extra));
      boolean ignoreCommand = (isTarget && ignoreCommands) || tree.hasSoftdeps(name);
      String cmd = ignoreCommand ? null : ModprobeConfig.command(tree.config().installs(), name);
      if (options.show()) {
        plan.out(action(m, cmd, moduleOptions), scope);
      }
      if (options.dryRun() || (m.builtin() && cmd == null)) {
        continue;
      } else if (cmd != null) {
        String line = ModprobePlan.substitute(cmd, moduleOptions);
        run("install", name, line, required.contains(name), scope);
      } else if (tree.path(name) == null) {
        String why = "could not find module by name='" + name + "'\n";
        String text = required.contains(name) ? text(target.name(), error(Errno.ENOENT)) : "";
        plan.print("", err(why) + err(text), required.contains(name), false, scope);
        continue;
      } else if (!load(name, extra, moduleOptions, required.contains(name), scope)) {
        return;
      }
      plan.nowLoaded(name, tree.dependencies(name));
    }
  }

  /** The insert itself: finit_module, or 2.4's insmod; false when the file does not parse. */
  private boolean load(
      String name, List<String> extra, String moduleOptions, boolean required, int scope) {
    if (plan.era == Era.V2_4) {
      List<String> args =
          new ArrayList<>(options.has(Flag.AUTOCLEAN) ? List.of("-k", "-q") : List.of());
      if (options.has(Flag.FORCE)) {
        args.add("-f");
      }
      args.add(tree.path(name));
      args.addAll(extra);
      plan.actions.add(new ModprobePlan.Insmod24(tree.path(name), args, scope));
      return true;
    }
    LoadInfo info = plan.info(name, moduleOptions);
    if (info == null) {
      String err = "modprobe: ERROR: " + plan.formatError + "\n";
      plan.print("", err + couldNotInsert(name, "Invalid module format"), true, false, scope);
      return false;
    }
    plan.actions.add(new ModprobePlan.Insert(name, info, required, List.of(), scope));
    return true;
  }

  /** print_action: "install CMD OPTIONS", "insmod PATH OPTIONS", "builtin NAME", or nothing. */
  private String action(ProbeList.Entry m, String cmd, String moduleOptions) {
    if (cmd != null) {
      return "install " + cmd + " " + moduleOptions + "\n";
    } else if (tree.path(m.name()) != null) {
      return "insmod " + tree.path(m.name()) + " " + moduleOptions + "\n";
    }
    return m.builtin() ? "builtin " + m.name() + "\n" : "";
  }

  private void run(String type, String name, String line, boolean required, int scope) {
    List<Step> steps = plan.shell(line);
    if (steps == null) {
      String refused = type + " commands other than programs and ';' lists";
      plan.print(
          "",
          "modprobe: " + refused + ModprobePlan.Print.REFUSED + ": " + line + "\n",
          true,
          true,
          scope);
      return;
    }
    plan.actions.add(new ModprobePlan.Run(type, name, line, steps, required, scope));
  }

  private void remove(String given, int name) {
    List<ProbeList.Entry> found = lookup(given);
    if (found.isEmpty()) {
      log("Module " + given + " not found.\n", name);
      return;
    }
    for (ProbeList.Entry target : found) {
      boolean holders = options.has(Flag.REMOVE_HOLDERS);
      rmmod(target.name(), plan.target(name, target.name(), true), false, holders);
    }
  }

  /**
   * rmmod_do_module; {@code holders}: RMMOD_FLAG_REMOVE_HOLDERS, the module's holders first (the
   * modules named on the command line only: rmmod_do_modlist passes RMMOD_FLAG_IGNORE_BUILTIN).
   */
  private void rmmod(String name, int scope, boolean ignoreBuiltin, boolean holders) {
    boolean ignoreCommands = options.has(Flag.IGNORE_COMMANDS);
    boolean ignoreLoaded = options.has(Flag.SHOW_DEPENDS);
    List<ProbeList.Entry> pre = ignoreCommands ? List.of() : tree.softdeps(name, true);
    List<ProbeList.Entry> post = ignoreCommands ? List.of() : tree.softdeps(name, false);
    String cmd = ignoreCommands ? null : ModprobeConfig.command(tree.config().removes(), name);
    if (cmd == null && !ignoreLoaded && !plan.loaded.containsKey(name)) {
      if (tree.builtin(name) && !ignoreBuiltin) {
        log("Module " + name + " is builtin.\n", scope);
      } else if (!tree.builtin(name) && options.has(Flag.FIRST_TIME)) {
        log("Module " + name + " is not in kernel.\n", scope);
      }
      return;
    }
    for (ProbeList.Entry m : reversed(post)) {
      rmmod(m.name(), plan.scope(scope), true, false);
    }
    if (holders) {
      // kmod_module_get_holders (/sys/module/NAME/holders), removed in reverse and stopping at
      // the first failure; the holders in /proc/modules' order (sysfs lists kernfs's name hashes)
      for (String holder : reversed(plan.holders(name))) {
        int from = plan.actions.size();
        rmmod(holder, plan.holderScope(scope), true, false);
        if (fatalSince(from)) {
          return; // the holder's LOG_CRIT ends modprobe
        }
      }
    }
    // with -w the refcount is not checked: delete_module's EAGAIN is waited out
    if (cmd == null && !ignoreLoaded && options.waitMsec() == 0 && plan.refcount(name) > 0) {
      log("Module " + name + " is in use.\n", scope);
      return;
    } else if (cmd != null) {
      if (options.show()) {
        plan.out("remove " + cmd + "\n", scope);
      }
      if (!options.dryRun()) {
        run("remove", name, ModprobePlan.substitute(cmd, ""), true, scope);
      }
    } else {
      delete(name, true, scope);
      for (String dep : tree.dependencies(name)) {
        if (plan.refcount(dep) == 0) {
          delete(dep, false, scope);
        }
      }
    }
    for (ProbeList.Entry m : reversed(pre)) {
      rmmod(m.name(), plan.scope(scope), true, false);
    }
  }

  private boolean fatalSince(int from) {
    return plan.actions.subList(from, plan.actions.size()).stream()
        .anyMatch(a -> a instanceof ModprobePlan.Print print && print.fatal());
  }

  /** rmmod_do_remove_module. */
  private void delete(String name, boolean main, int scope) {
    if (options.show()) {
      plan.out("rmmod " + name + "\n", scope);
    }
    if (!options.dryRun()) {
      boolean force = options.has(Flag.FORCE);
      plan.actions.add(new ModprobePlan.Remove(name, false, force, main, scope));
      plan.nowRemoved(name);
    }
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  Shown inserted(ModprobePlan.Insert insert, Errno errno) {
    String target = plan.target(insert.scope());
    if (errno == null
        || (errno == Errno.EEXIST
            && !(insert.name().equals(target) && options.has(Flag.FIRST_TIME)))
        || !insert.required()) {
      return Shown.NOTHING;
    }
    plan.fail(insert.scope());
    return new Shown("", err(text(target, error(errno))));
  }

  Shown removed(ModprobePlan.Remove remove, Errno errno) {
    if (errno == null) {
      return Shown.NOTHING;
    } else if (remove.main()) {
      plan.fail(remove.scope());
    }
    return new Shown(
        "", err("could not remove '" + remove.name() + "': " + errno.message() + "\n"));
  }

  /**
   * A removal under {@code -w} ended ({@link RemoveWait}): modprobe's own ERR lines ("Failed to
   * sleep", "could not remove"), as {@link #removed} for the rest; the endless backoff is refused.
   */
  Shown waited(ModprobePlan.Remove remove, RemoveWait.Ended ended) {
    if (ended.endless()) {
      String refused = RemoveWait.ENDLESS + ModprobePlan.Print.REFUSED + "\n";
      return plan.printed(new ModprobePlan.Print("", refused, true, true, remove.scope()));
    }
    String slept =
        ended.sleepFailed() ? err("Failed to sleep: " + Errno.EOPNOTSUPP.message() + "\n") : "";
    Shown shown = removed(remove, ended.errno());
    return new Shown(shown.out(), slept + shown.err());
  }

  /**
   * An install command (libkmod's command_do: "Error running install command '%s' for module %s:
   * retcode %d", as Debian's kmod 30 prints it, then insmod()'s EINVAL) or a remove command
   * (modprobe.c's command_do: LOG "Error running remove command for %s").
   */
  Shown ran(ModprobePlan.Run run, int status) {
    if (status == 0) {
      return Shown.NOTHING;
    } else if (run.type().equals("remove")) {
      boolean all = options.has(Flag.ALL);
      boolean logged = options.verbose() >= (all ? LOG_WARNING : LOG_CRIT);
      if (logged && !all) {
        plan.end(run.scope());
      } else {
        plan.fail(run.scope());
      }
      String text = "Error running remove command for " + run.module() + "\n";
      boolean shown = logged && !options.has(Flag.SYSLOG);
      return new Shown("", shown ? "modprobe: " + (all ? "WARNING" : "FATAL") + ": " + text : "");
    }
    String target = plan.target(run.scope());
    // libkmod's ERR through modprobe's log_kmod: Debian builds kmod 30 with ENABLE_DEBUG, which
    // puts the file, line and function before the message
    String why =
        "../libkmod/libkmod-module.c:1047 command_do() Error running install command '"
            + run.line()
            + "' for module "
            + run.module()
            + ": retcode "
            + status
            + "\n";
    if (!run.required()) {
      return new Shown("", err(why));
    }
    plan.fail(run.scope());
    return new Shown("", err(why) + err(text(target, error(Errno.EINVAL))));
  }

  /**
   * kmod 30 modprobe.c insmod()'s switch: EEXIST and ENOENT have their own text, the rest strerror
   * (ENOEXEC "Exec format error"; insmod's mod_strerror says "Invalid module format", modprobe does
   * not).
   */
  static String error(Errno errno) {
    return switch (errno) {
      case EEXIST -> "Module already in kernel";
      case ENOENT -> "Unknown symbol in module, or unknown parameter (see dmesg)";
      default -> errno.message();
    };
  }

  private static String text(String name, String why) {
    return "could not insert '" + name + "': " + why + "\n";
  }

  static String couldNotInsert(String name, String why) {
    return "modprobe: ERROR: " + text(name, why);
  }
}
