package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Step;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.module.LoadInfo;
import org.kmodsim.userspace.kmod.ModprobeOptions.Flag;
import org.kmodsim.userspace.kmod.ModprobePlan.Shown;

/**
 * module-init-tools 3.9's modprobe (the 2.6 era) as a {@link ModprobePlan}: modprobe.c main and
 * handle_module ("Module %s not found." unless {@code -q}, the only failure that sets the exit
 * status), insmod() (the dependencies first, right to left, through its recursion: a dependency's
 * failure is reported as a warning for each module above it, then by the module itself; "Module %s
 * already in kernel." under {@code --first-time}; "Error inserting %s (%s): %s" with
 * insert_moderror), rmmod() (the module, then each dependency no longer in use, quietly),
 * do_command for install and remove commands. logging.c: error() is fatal() ("FATAL: ", exit 1)
 * unless {@code -a} or several aliases make it warn() ("WARNING: ", silent under {@code -q});
 * info() prints the {@code insmod PATH OPTIONS} lines under {@code -v} and {@code --show-depends}.
 */
final class MitProbe {
  private final ModprobePlan plan;
  private final ModprobeOptions options;
  private final ModprobeTree tree;

  MitProbe(ModprobePlan plan) {
    this.plan = plan;
    this.options = plan.options;
    this.tree = plan.tree;
  }

  void plan() {
    for (String given : options.names()) {
      int name = plan.scope(-1);
      String modname = ModprobeOptions.modname(given);
      String version = options.version();
      boolean other = version != null && !version.equals(tree.release());
      List<ProbeList.Entry> found = other ? List.of() : tree.lookup(modname);
      if (found.isEmpty()) {
        String text =
            options.quiet()
                ? ""
                : say(options.has(Flag.ALL), "Module " + modname + " not found.\n");
        plan.print("", text, true, !options.has(Flag.ALL) && !options.quiet(), name);
        continue;
      }
      boolean warn = options.has(Flag.ALL) || found.size() > 1;
      for (ProbeList.Entry target : found) {
        int scope = plan.target(name, target.name(), false);
        if (warn) {
          plan.warnings.add(scope);
        }
        if (options.has(Flag.REMOVE)) {
          remove(target.name(), scope);
        } else {
          insert(target.name(), ModprobePlan.join(options.params()), scope);
        }
      }
    }
  }

  /** error() or warn() as the scope's messages are: the text to print, or none. */
  private String say(boolean warn, String text) {
    if (options.has(Flag.SYSLOG) || (warn && options.quiet())) {
      return "";
    }
    return (warn ? "WARNING: " : "FATAL: ") + text;
  }

  private boolean warns(int scope) {
    return plan.warnings.contains(scope);
  }

  /** insmod(): each module of the list, the dependencies first. */
  private void insert(String target, String optstring, int scope) {
    List<ProbeList.Entry> order = tree.probe(target, false);
    List<String> names = order.stream().map(ProbeList.Entry::name).toList();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      boolean top = name.equals(target);
      if (!options.has(Flag.SHOW_DEPENDS) && plan.inKernel(name)) {
        if (top && options.has(Flag.FIRST_TIME)) {
          String text = say(warns(scope), "Module " + name + " already in kernel.\n");
          plan.print("", text, !warns(scope), !warns(scope), scope);
        }
        continue;
      }
      String cmd =
          top && options.has(Flag.IGNORE_COMMANDS)
              ? null
              : ModprobeConfig.command(tree.config().installs(), name);
      if (cmd != null) {
        command("install", name, ModprobePlan.substitute(cmd, top ? optstring : ""), scope);
        continue;
      }
      String moduleOptions = tree.options(name, null, top ? optstring : "");
      if (options.show()) {
        plan.out("insmod " + tree.path(name) + " " + moduleOptions + "\n", scope);
      }
      if (options.dryRun()) {
        continue;
      }
      LoadInfo info = plan.info(name, moduleOptions);
      if (info == null) {
        String why = "Could not read '" + tree.path(name) + "': Invalid module format\n";
        plan.print("", say(warns(scope), why), !warns(scope), !warns(scope), scope);
        return;
      }
      List<String> above = names.subList(i + 1, names.size());
      plan.actions.add(new ModprobePlan.Insert(name, info, true, above, scope));
      plan.nowLoaded(name, tree.dependencies(name));
    }
  }

  /** do_command: info("%s %s"), then system(). */
  private void command(String type, String name, String line, int scope) {
    if (options.show()) {
      plan.out(type + " " + line + "\n", scope);
    }
    if (options.dryRun()) {
      return;
    }
    List<Step> steps = plan.shell(line);
    if (steps == null) {
      String refused = type + " commands other than programs and ';' lists";
      String err = "modprobe: " + refused + ModprobePlan.Print.REFUSED + ": " + line + "\n";
      plan.print("", err, true, true, scope);
      return;
    }
    plan.actions.add(new ModprobePlan.Run(type, name, line, steps, true, scope));
  }

  /** rmmod(): the module, then its dependencies (warn, first_time 0, in use ignored). */
  private void remove(String target, int scope) {
    List<String> list = new ArrayList<>(List.of(target));
    list.addAll(tree.dependencies(target));
    for (String name : list) {
      boolean top = name.equals(target);
      String cmd =
          top && options.has(Flag.IGNORE_COMMANDS)
              ? null
              : ModprobeConfig.command(tree.config().removes(), name);
      if (cmd != null) {
        command("remove", name, ModprobePlan.substitute(cmd, ""), scope);
        continue;
      } else if (!plan.loaded.containsKey(name)) {
        if (top && options.has(Flag.FIRST_TIME)) {
          plan.print("", say(false, "Module " + name + " is not in kernel.\n"), true, true, scope);
        }
        continue;
      } else if (plan.refcount(name) != 0) {
        if (top) {
          String text = say(warns(scope), "Module " + name + " is in use.\n");
          plan.print("", text, !warns(scope), !warns(scope), scope);
        }
        continue;
      }
      if (options.show()) {
        plan.out("rmmod " + tree.path(name) + "\n", scope);
      }
      if (!options.dryRun()) {
        boolean blocking = options.has(Flag.WAIT);
        plan.actions.add(new ModprobePlan.Remove(name, blocking, false, top, scope));
        plan.nowRemoved(name);
      }
    }
  }

  /**
   * init_module failed: EEXIST is quiet unless {@code --first-time}; else the module itself says
   * "Error inserting" (a dependency only under {@code -v}), and so does each module above it.
   */
  Shown inserted(ModprobePlan.Insert insert, Errno errno) {
    if (errno == null) {
      return Shown.NOTHING;
    }
    int scope = insert.scope();
    String target = plan.target(scope);
    boolean top = insert.name().equals(target);
    if (errno == Errno.EEXIST) {
      if (!top || !options.has(Flag.FIRST_TIME)) {
        return Shown.NOTHING;
      }
      return stop(scope, say(warns(scope), "Module " + target + " already in kernel.\n"));
    }
    StringBuilder err = new StringBuilder();
    String why = error(errno);
    if (!top && options.show()) {
      err.append(say(true, inserting(insert.name(), why)));
    }
    for (String above : insert.above()) {
      if (!above.equals(target)) {
        err.append(say(true, inserting(above, why)));
      }
    }
    if (!top || !warns(scope) || options.show()) {
      err.append(say(warns(scope), inserting(target, why)));
    }
    return stop(scope, err.toString());
  }

  private Shown stop(int scope, String err) {
    if (warns(scope)) {
      plan.skipRest(scope);
    } else {
      plan.end(scope);
    }
    return new Shown("", err);
  }

  private String inserting(String name, String why) {
    return "Error inserting " + name + " (" + tree.path(name) + "): " + why + "\n";
  }

  Shown removed(ModprobePlan.Remove remove, Errno errno) {
    int scope = remove.scope();
    boolean warn = !remove.main() || warns(scope);
    if (errno == null) {
      return Shown.NOTHING;
    } else if (errno == Errno.ENOENT) {
      boolean first = remove.main() && options.has(Flag.FIRST_TIME);
      return first
          ? stop(scope, say(false, "Module " + remove.name() + " is not in kernel.\n"))
          : Shown.NOTHING;
    }
    String why =
        errno == Errno.ENOSYS ? "Kernel does not have module unloading support" : errno.message();
    String text =
        say(
            warn,
            "Error removing "
                + remove.name()
                + " ("
                + tree.path(remove.name())
                + "): "
                + why
                + "\n");
    if (!warn) {
      plan.end(scope);
    }
    return new Shown("", text);
  }

  Shown ran(ModprobePlan.Run run, int status) {
    if (status == 0) {
      return Shown.NOTHING;
    }
    boolean warn = !run.module().equals(plan.target(run.scope())) || warns(run.scope());
    String text = say(warn, "Error running " + run.type() + " command for " + run.module() + "\n");
    if (!warn) {
      plan.end(run.scope());
    }
    return new Shown("", text);
  }

  /** insert_moderror. */
  static String error(Errno errno) {
    return switch (errno) {
      case ENOEXEC -> "Invalid module format";
      case ENOENT -> "Unknown symbol in module, or unknown parameter (see dmesg)";
      case ENOSYS -> "Kernel does not have module support";
      default -> errno.message();
    };
  }
}
