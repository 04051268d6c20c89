package org.kmodsim.kernel.module;

import java.util.List;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Services;
import org.kmodsim.cpu.smp.Smp;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.printk.KernelLog;
import org.kmodsim.sim.Sim;

/**
 * Boots the module subsystem: the symbol registry ({@link Kallsyms}), the loader ({@link
 * ModuleLoader}) and the module steps. The user tools and the system-call steps are user space's:
 * the machine installs them (org.kmodsim.userspace.rootfs), the kernel does not know them. Kernel
 * log lines go to the {@link KernelLog} the constructor's function makes from the services booted
 * before (the printk subsystem's, once it exists); by default they are traced. When no printk
 * subsystem registered a {@code printk} command, a fallback one writes through the same KernelLog.
 */
public final class ModuleSubsystem implements Subsystem {
  private final BiFunction<Sim, Services, KernelLog> logFactory;
  private final ModuleCodeCall codeCall;

  public ModuleSubsystem() {
    this(KernelLog::of);
  }

  public ModuleSubsystem(BiFunction<Sim, Services, KernelLog> logFactory) {
    this(logFactory, ModuleCodeCall.PLAIN);
  }

  private ModuleSubsystem(
      BiFunction<Sim, Services, KernelLog> logFactory, ModuleCodeCall codeCall) {
    this.logFactory = logFactory;
    this.codeCall = codeCall;
  }

  /** The same subsystem with module functions called through {@code codeCall}. */
  public ModuleSubsystem withCodeCall(ModuleCodeCall newCodeCall) {
    return new ModuleSubsystem(logFactory, newCodeCall);
  }

  @Override
  public String name() {
    return "modules";
  }

  @Override
  public void check(com.typesafe.config.Config config, org.kmodsim.kernel.Era era, int cpus) {
    ModuleSettings.fromConfig(config, era);
  }

  @Override
  public Services boot(BootContext boot, Services booted) {
    return boot(
        boot,
        booted,
        boot.settings(ModuleSettings.class, b -> ModuleSettings.fromConfig(b.config(), b.era())));
  }

  /** Boots with explicit settings (tests). */
  public Services boot(BootContext boot, Services booted, ModuleSettings settings) {
    Sim sim = boot.sim();
    KernelLog log = logFactory.apply(sim, booted);
    ActorRef<Vfs.Command> vfs = booted.get(Vfs.KEY);
    ActorRef<Kallsyms.Command> kallsyms =
        sim.spawn(boot.ctx(), Kallsyms.create(sim, settings.kallsyms(), vfs), "kallsyms");
    ModuleTable table = new ModuleTable(boot.sim(), settings.era(), boot.perCpu());
    boot.sim().sharedState(ModuleTable.REGION, table);
    RefcountNeverNegative.register(sim, table, settings.era());
    FreedModuleNeverEntered.register(sim, table);
    ResolvedOwnerLive.register(sim, table);
    ActorRef<ModuleLoader.Command> loader =
        sim.spawn(
            boot.ctx(),
            ModuleLoader.create(
                sim, new ModuleLoader.Deps(settings, boot.commands(), log, vfs, kallsyms, table)),
            "module-loader");
    ModuleSteps.register(boot.commands(), settings, table, codeCall);
    org.kmodsim.kernel.VersionCondition.register(boot.commands(), boot.era());
    FallbackPrintk.registerIfMissing(boot.commands(), boot.era());
    return booted.with(Kallsyms.KEY, kallsyms).with(ModuleLoader.KEY, loader);
  }

  @Override
  public void cpusOnline(BootContext boot, Services all, List<ActorRef<Smp.Ipi>> cpus) {
    boot.sim()
        .send(boot.ctx().getSelf(), all.get(ModuleLoader.KEY), new ModuleLoader.CpusOnline(cpus));
  }
}
