package org.kmodsim.kernel.kprobes;

import org.apache.pekko.actor.typed.ActorRef;
import org.kmodsim.kernel.BootContext;
import org.kmodsim.kernel.Services;
import org.kmodsim.kernel.Subsystem;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.printk.Printk;

/**
 * init_kprobes(): boots the kprobe manager after the module loader, with the symbol registry as
 * its kallsyms (the built-in vmlinux table when none is booted), registers the API commands and
 * mounts debugfs kprobes/. Boot order: after the module loader.
 */
public final class KprobesSubsystem implements Subsystem {

  @Override
  public String name() {
    return "kprobes";
  }

  @Override
  public Services boot(BootContext boot, Services booted) {
    KprobeSettings settings = KprobeSettings.fromConfig(boot.config());
    KprobeEra era = new KprobeEra(boot.era(), settings.configured(), settings.preempt());
    Services services = booted;
    if (!services.has(SymbolLookup.KEY)) {
      services = services.with(SymbolLookup.KEY, boot.sim().spawn(boot.ctx(),
          BuiltinSymbols.create(boot.sim(), BuiltinKernelText.of(boot.era())), "kallsyms-vmlinux"));
    }
    ActorRef<KprobeManager.Command> manager = boot.sim().spawn(boot.ctx(),
        KprobeManager.create(boot.sim(), era, settings, boot.cpus(),
            services.get(SymbolLookup.KEY), services.get(Vfs.KEY), ModuleRefs.none(boot.sim()),
            services.has(Printk.KEY) ? services.get(Printk.KEY) : null),
        "kprobes");
    KprobeSteps.register(boot.commands(), era, settings);
    return services.with(KprobeManager.KEY, manager);
  }
}
