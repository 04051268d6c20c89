package org.kmodsim.userspace.kmod;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.cpu.Commands;
import org.kmodsim.cpu.CpuContext;
import org.kmodsim.cpu.Each;
import org.kmodsim.cpu.Step;
import org.kmodsim.cpu.StepResult;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.module.ModuleSyscalls;
import org.kmodsim.userspace.FileCalls;
import org.kmodsim.userspace.ModuleRepository;
import org.kmodsim.userspace.Program;
import org.kmodsim.userspace.modutils.Insmod24;

/**
 * modprobe: kmod 30's (tools/modprobe.c) from 3.13, module-init-tools 3.9's in 2.6, modutils' in
 * 2.4 (which loads through modutils' insmod). The command line is {@link ModprobeOptions}'s; what
 * to do, and what each result prints, is {@link ModprobePlan}'s, decided from /proc/cmdline (read
 * with the configuration, from 2.6: {@link ModprobeKcmdline}) and /proc/modules as modprobe starts.
 * Here are the system calls, each action in turn ({@link Each}); an install or remove command runs
 * as the machine's programs in a frame of its own, and its status is the one the frame leaves
 * (system()'s return), which modprobe then replaces with its own.
 */
final class Modprobe {
  private Modprobe() {}

  /** The command line after {@code modprobe}. */
  static Step parse(List<String> args, ModuleRepository repository, Era era, Commands commands) {
    ModprobeOptions options = ModprobeOptions.parse(args, era);
    if (options.exit() != null) {
      return options.exit().step("modprobe");
    }
    if (era == Era.V2_4) {
      // modutils' modprobe does not read the kernel command line
      return new Program("modprobe", cpu -> start(cpu, null, options, repository, era, commands));
    }
    return new Program(
        "modprobe",
        cpu ->
            FileCalls.read(
                cpu,
                "/proc/cmdline",
                (c, reply) -> {
                  String cmdline =
                      reply instanceof FileReply.Content ? FileCalls.content(reply) : null;
                  return start(c, cmdline, options, repository, era, commands);
                }));
  }

  /** The configuration read (with the kernel command line), then /proc/modules and the plan. */
  private static StepResult start(
      CpuContext cpu,
      String cmdline,
      ModprobeOptions options,
      ModuleRepository repository,
      Era era,
      Commands commands) {
    return FileCalls.read(
        cpu,
        "/proc/modules",
        (c, reply) -> {
          ModprobeTree tree = ModprobeTree.of(repository, era, options.configs(), cmdline);
          String lines = FileCalls.content(reply);
          ModprobePlan plan = ModprobePlan.of(options, tree, era, commands, lines);
          List<ModprobePlan.Action> actions = plan.actions();
          return Each.of(c, actions, (again, a, next) -> act(again, plan, a, next, tree));
        });
  }

  private static StepResult act(
      CpuContext cpu,
      ModprobePlan plan,
      ModprobePlan.Action action,
      Each.Next next,
      ModprobeTree tree) {
    if (plan.skipped(action)) {
      return last(cpu, plan, next);
    } else if (action instanceof ModprobePlan.Insert insert) {
      return ModuleSyscalls.initModule(
          cpu,
          insert.info(),
          (c, r) -> show(c, plan, plan.inserted(insert, ModprobePlan.errno(r)), next));
    } else if (action instanceof ModprobePlan.Remove remove && plan.options.waitMsec() != 0) {
      return waitAndRemove(cpu, plan, remove, next);
    } else if (action instanceof ModprobePlan.Remove remove) {
      return ModuleSyscalls.deleteModule(
          cpu,
          remove.name(),
          !remove.blocking(),
          remove.force(),
          (c, r) -> show(c, plan, plan.removed(remove, ModprobePlan.errno(r)), next));
    }
    List<Step> body = new ArrayList<>();
    if (action instanceof ModprobePlan.Run run) {
      body.addAll(run.steps());
      body.add(then(c -> show(c, plan, plan.ran(run, c.exitStatus()), next)));
    } else if (action instanceof ModprobePlan.Insmod24 insmod) {
      body.add(Insmod24.step(tree.repository(), insmod.args()));
      body.add(then(c -> show(c, plan, plan.insmodded(insmod, c.result()), next)));
    } else {
      return show(cpu, plan, plan.printed((ModprobePlan.Print) action), next);
    }
    return cpu.calling(action instanceof ModprobePlan.Run ? "sh" : "insmod", body);
  }

  /**
   * kmod 30 with {@code -w}: rmmod_do_remove_module's wait ({@link RemoveWait}); a module that
   * became unused (rmmod_do_module's step 4) only when /sys/module/NAME/refcnt reads 0 then
   * (kmod_module_get_refcnt), as the wait may have left the module it was used by loaded.
   */
  private static StepResult waitAndRemove(
      CpuContext cpu, ModprobePlan plan, ModprobePlan.Remove remove, Each.Next next) {
    KmodProbe probe = new KmodProbe(plan);
    if (remove.main()) {
      return RemoveWait.remove(
          cpu,
          remove.name(),
          remove.force(),
          plan.options.waitMsec(),
          (c, ended) -> show(c, plan, probe.waited(remove, ended), next));
    }
    return FileCalls.read(
        cpu,
        "/sys/module/" + remove.name() + "/refcnt",
        (c, reply) ->
            FileCalls.content(reply).strip().equals("0")
                ? RemoveWait.remove(
                    c,
                    remove.name(),
                    remove.force(),
                    plan.options.waitMsec(),
                    (again, ended) -> show(again, plan, probe.waited(remove, ended), next))
                : last(c, plan, next));
  }

  private static Step then(java.util.function.Function<CpuContext, StepResult> rest) {
    return new Program("modprobe", rest);
  }

  private static StepResult show(
      CpuContext cpu, ModprobePlan plan, ModprobePlan.Shown shown, Each.Next next) {
    cpu.out(shown.out());
    cpu.err(shown.err());
    return last(cpu, plan, next);
  }

  /** After each action: modprobe's exit status is the plan's (a command may have set another). */
  private static StepResult last(CpuContext cpu, ModprobePlan plan, Each.Next next) {
    if (plan.status() != null) {
      cpu.exit(plan.status());
    }
    return next.apply(cpu);
  }
}
