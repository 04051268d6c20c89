package org.kmodsim.kernel.kprobes;

import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.printk.KernelLog;
import org.kmodsim.kernel.printk.Loglevel;
import org.kmodsim.sim.Sim;

/**
 * register_kprobe() and register_kretprobe() as the {@link KprobeManager} runs them under
 * kprobe_mutex (kernel/kprobes.c): ask kallsyms for the symbol (and again for the address when the
 * offset leaves the function), write kp.addr, take the probed module's reference ({@link
 * ModuleHold}) for module text, check and insert into the table. The rules are the {@link
 * Registrar}'s; this class does the manager's messaging for them, through the manager's context and
 * the two optimizer hooks it is given (the manager's narrow interface).
 *
 * <p>Owns: 1. the {@link Registrar} (the registrations waiting for kallsyms, in order); 2. the
 * count of module holds (for their child names).
 */
final class Registration {
  private final Sim sim;
  private final ActorContext<KprobeManager.Command> ctx;
  private final KprobeEra era;
  private final int pendingMax;
  private final ActorRef<Kallsyms.Command> kallsyms;
  private final ActorRef<Kallsyms.SymbolReply> looked;
  private final ProbeRegistry probes;
  private final Registrar registrar;
  private final ModuleRefs moduleRefs;
  private final KernelLog log;

  /** Unoptimizes a changed address (and schedules the optimizer). */
  private final LongConsumer unoptimizeAt;

  /** Schedules the optimizer. */
  private final Runnable optimizeLater;

  private long holds;

  Registration(
      Sim sim,
      ActorContext<KprobeManager.Command> ctx,
      KprobeEra era,
      int pendingMax,
      ActorRef<Kallsyms.Command> kallsyms,
      ActorRef<Kallsyms.SymbolReply> looked,
      ProbeRegistry probes,
      Registrar registrar,
      ModuleRefs moduleRefs,
      KernelLog log,
      LongConsumer unoptimizeAt,
      Runnable optimizeLater) {
    this.sim = sim;
    this.ctx = ctx;
    this.era = era;
    this.pendingMax = pendingMax;
    this.kallsyms = kallsyms;
    this.looked = looked;
    this.probes = probes;
    this.registrar = registrar;
    this.moduleRefs = moduleRefs;
    this.log = log;
    this.unoptimizeAt = unoptimizeAt;
    this.optimizeLater = optimizeLater;
  }

  /** The call arrives: refused at once, or kallsyms is asked for the symbol or address. */
  void register(KprobeManager.Register register) {
    ProbeSpec spec = register.spec();
    Errno refused = registrar.refuse(spec, pendingMax);
    if (refused != null) {
      if (refused == Errno.EAGAIN) {
        sim.cover("kprobes-registrations-refused");
      }
      reply(register.replyTo(), refused.negative());
      return;
    }
    long request = registrar.begin(register);
    lookUp(
        request,
        spec.symbolName() != null
            ? new Kallsyms.FindSymbol(spec.symbolName(), looked)
            : new Kallsyms.FindSymbolAt(spec.addr() + spec.offset(), looked));
  }

  private void lookUp(long request, Kallsyms.Command question) {
    registrar.asked(request);
    sim.send(ctx.getSelf(), kallsyms, question);
  }

  /** Kallsyms answered the oldest question: look again, fail, insert, or hold the module. */
  void looked(Kallsyms.SymbolReply answer) {
    long request = registrar.answered();
    KprobeManager.Register register = registrar.pending(request).register();
    Kprobe probe = probes.struct(register.spec().key());
    Registrar.Step next = registrar.resolved(request, answer);
    if (next instanceof Registrar.LookUpAddress again) {
      lookUp(request, new Kallsyms.FindSymbolAt(again.address(), looked));
      return;
    }
    registrar.finish(request);
    if (next instanceof Registrar.Fail fail) {
      if (fail.addressWritten()) {
        probe.addrField = fail.address();
      }
      reply(register.replyTo(), fail.errno().negative());
      return;
    }
    Registrar.Place place = (Registrar.Place) next;
    probe.addrField = place.address();
    if (probe.registered || place.symbol().owner() == null) {
      reply(register.replyTo(), insert(register, probe, place));
      return;
    }
    sim.spawn(
        ctx,
        ModuleHold.create(sim, moduleRefs, ctx.getSelf(), register, place),
        "module-hold-" + (++holds));
  }

  /**
   * The probed module's reference is held (or could not be taken: it is going) while the probe is
   * checked and armed, then dropped; an rmmod in between finds the module in use.
   */
  void moduleHeld(KprobeManager.ModuleHeld held) {
    Kprobe probe = probes.get(held.register().spec().key());
    if (!held.got()) {
      reply(held.register().replyTo(), era.moduleGoing().negative());
      return;
    }
    long result = insert(held.register(), probe, held.place());
    sim.send(ctx.getSelf(), held.hold(), ModuleHold.Release.INSTANCE);
    reply(held.register().replyTo(), result);
  }

  /** register_kprobe() steps 2 to 9, with kprobe_mutex held (the actor is the mutex). */
  private long insert(KprobeManager.Register register, Kprobe probe, Registrar.Place place) {
    if (probe.registered) {
      return reregister(probe);
    }
    Errno unsafe = registrar.arm(probe, register.spec(), place, probes.goingModules());
    if (unsafe != null) {
      return unsafe.negative();
    }
    probes.table().insert(probe);
    unoptimizeAt.accept(probe.address);
    if (era.optprobes() && !probe.ftrace) {
      optimizeLater.run();
    }
    sim.trace(
        ctx.getSelf(),
        KprobeTrace.REGISTERED.with(
            probe.key.toString(),
            place.symbol().name() + "+0x" + Long.toHexString(probe.symbolOffset)));
    return 0;
  }

  /** The struct is registered already: -EINVAL from 4.x (6.x WARNs). */
  private long reregister(Kprobe probe) {
    if (era.warnsOnReregistration()) {
      log.printk(
          ctx.getSelf(),
          Loglevel.KERN_WARNING,
          "WARNING: CPU: 0 PID: 1 at kernel/kprobes.c:1613 register_kprobe+0x5c/0x590");
    }
    if (era.checksReregistration()) {
      return Errno.EINVAL.negative();
    }
    // No check before 3.x: the struct is linked a second time into its own aggregator.
    sim.violation(
        ctx.getSelf(),
        "list-corruption",
        "kprobe " + probe.key + " registered twice: list_add double add");
    return 0;
  }

  private void reply(ActorRef<KprobeManager.Result> to, long value) {
    sim.send(ctx.getSelf(), to, new KprobeManager.Result(value));
  }
}
