package org.kmodsim.kernel.kprobes;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.cpu.Services;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KallsymsSettings;
import org.kmodsim.kernel.module.ModuleLoader;
import org.kmodsim.kernel.printk.Printk;
import org.kmodsim.sim.Sim;

/**
 * init_kprobes(): boots the kprobe manager after the module loader, with the kernel symbol table
 * ({@link Kallsyms}, booted here with the default settings when no module subsystem booted it), the
 * module actors for the probed module's reference, and a subscription to the module notifier;
 * registers the API commands; the manager mounts debugfs kprobes/. Boot order: after printk and the
 * module loader.
 */
public final class KprobesSubsystem implements Subsystem {

  @Override
  public String name() {
    return "kprobes";
  }

  @Override
  public void check(com.typesafe.config.Config config, org.kmodsim.kernel.Era era, int cpus) {
    KprobeSettings.fromConfig(config);
  }

  @Override
  public Services boot(BootContext boot, Services booted) {
    KprobeSettings settings =
        boot.settings(KprobeSettings.class, b -> KprobeSettings.fromConfig(b.config()));
    KprobeEra era = new KprobeEra(boot.era(), settings.configured(), settings.preempt());
    Sim sim = boot.sim();
    Services services = booted;
    if (!services.has(Kallsyms.KEY)) {
      services =
          services.with(
              Kallsyms.KEY,
              sim.spawn(
                  boot.ctx(),
                  Kallsyms.create(
                      sim, KallsymsSettings.defaults(boot.era()), services.get(Vfs.KEY)),
                  "kallsyms"));
    }
    boolean modules = services.has(ModuleLoader.KEY);
    ModuleRefs refs =
        modules ? ModuleRefs.loader(sim, services.get(ModuleLoader.KEY)) : ModuleRefs.none(sim);
    ArmedProbes armed = new ArmedProbes(sim);
    sim.sharedState(ArmedProbes.REGION, armed);
    NoArmedProbeInGoingModule.register(sim, armed);
    ActorRef<KprobeManager.Command> manager =
        sim.spawn(
            boot.ctx(),
            KprobeManager.create(
                sim,
                era,
                settings,
                boot.cpus(),
                services.get(Kallsyms.KEY),
                services.get(Vfs.KEY),
                refs,
                services.has(Printk.KEY) ? services.get(Printk.KEY) : null,
                armed),
            "kprobes");
    if (modules) {
      sim.spawn(
          boot.ctx(),
          ModuleNotifierBridge.create(sim, services.get(ModuleLoader.KEY), manager),
          "kprobes-module-notifier");
    }
    KprobeSteps.register(boot.commands(), era, settings);
    return services.with(KprobeManager.KEY, manager);
  }
}
