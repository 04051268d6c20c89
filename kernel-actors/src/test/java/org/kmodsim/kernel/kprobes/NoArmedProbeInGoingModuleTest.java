package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.kallsyms.SymbolTable;
import org.kmodsim.kernel.module.ModuleEvent;
import org.kmodsim.sim.testkit.SimProbe;
import org.kmodsim.sim.testkit.SimTestKit;

/**
 * The invariant on the table a real kprobe manager publishes: the test plays the module loader (the
 * module's state events and its GOING notification), once as the kernel does it and once as a
 * faulty loader would (no GOING notification before free_module; a probe armed while GOING).
 */
class NoArmedProbeInGoingModuleTest {
  static final long MY_FN = 0xffffffffc0a01000L;

  final SimTestKit kit = SimTestKit.deterministic(1);
  final SimProbe<Kallsyms.Command> kallsyms = kit.probe(Kallsyms.Command.class, "kallsyms");
  final SimProbe<Vfs.Command> vfs = kit.probe(Vfs.Command.class, "vfs");
  final SimProbe<Object> cpu0 = kit.probe(Object.class, "cpu0");
  final ArmedProbes armed = new ArmedProbes();
  final NoArmedProbeInGoingModule invariant = new NoArmedProbeInGoingModule(armed);
  final SymbolTable symbols = SymbolTable.withBuiltins(Era.V6_X);
  ActorRef<KprobeManager.Command> manager;

  @BeforeEach
  void boot() {
    symbols.addModule("mymod", List.of(KernelSymbol.local("my_fn", MY_FN, 0x40, 't', "mymod")));
    manager =
        kit.spawn(
            sim ->
                KprobeManager.create(
                    sim,
                    KprobeEra.of(Era.V6_X),
                    KprobeSettings.defaults(),
                    2,
                    kallsyms.ref(),
                    vfs.ref(),
                    ModuleRefs.none(sim),
                    null,
                    armed),
            "kprobes");
    vfs.expectMessage(Vfs.Mount.class);
    answer();
  }

  @AfterEach
  void close() {
    kit.close();
  }

  @SuppressWarnings("unchecked")
  void answer() {
    Kallsyms.Command question = kallsyms.receiveMessage();
    if (question instanceof Kallsyms.Read<?> read) {
      kit.send(kallsyms, (ActorRef<Object>) read.replyTo(), read.query().answer(symbols));
    } else if (question instanceof Kallsyms.FindSymbol find) {
      KernelSymbol symbol = symbols.find(find.name());
      kit.send(
          kallsyms,
          find.replyTo(),
          symbol == null ? new Kallsyms.NotFound(find.name()) : new Kallsyms.Found(symbol));
    }
  }

  @SuppressWarnings("unchecked")
  <T> ActorRef<T> cpu() {
    return (ActorRef<T>) (ActorRef<?>) cpu0.ref();
  }

  void registerInMyFn(String name) {
    ProbeSpec spec = ProbeSpec.kprobe(new ProbeKey("", name), "my_fn", 9, List.of());
    kit.send(cpu0, manager, new KprobeManager.Register(0, spec, cpu()));
    answer();
    assertThat(cpu0.expectMessage(KprobeManager.Result.class).value()).isZero();
  }

  void notifyGoing() {
    kit.send(cpu0, manager, new KprobeManager.ModuleGoing("mymod", cpu()));
    cpu0.expectMessage(ModuleEvent.Notified.class);
  }

  @Test
  void theManagerPublishesWhatItArmsAndWhatTheGoingNotifierKills() {
    registerInMyFn("kp");
    assertThat(armed.inModule("mymod"))
        .containsExactly(new ArmedProbes.Armed(MY_FN + 9, "mymod", "kp"));
    notifyGoing();
    assertThat(armed.armed()).isEmpty();
  }

  @Test
  void staysQuietWhenTheGoingNotifierKillsTheProbesBeforeTheFree() {
    registerInMyFn("kp");
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.STATE.with("mymod", "LIVE", "GOING", "")))
        .isNull();
    notifyGoing();
    assertThat(invariant.check(org.kmodsim.sim.EventType.text("kprobe").with("killed kp (GONE)")))
        .isNull();
    assertThat(invariant.check(org.kmodsim.kernel.module.ModuleTrace.FREE.with("mymod", "")))
        .isNull();
  }

  @Test
  void firesWhenAModuleIsFreedWithAnArmedProbeInItsText() {
    registerInMyFn("kp");
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.STATE.with("mymod", "LIVE", "GOING", "")))
        .isNull();
    // A faulty loader: free_module without the GOING notifier chain.
    assertThat(invariant.check(org.kmodsim.kernel.module.ModuleTrace.FREE.with("mymod", "")))
        .isEqualTo("kp is armed at ffffffffc0a01009 in mymod, freed");
    assertThat(invariant.check(org.kmodsim.kernel.module.ModuleTrace.FREE.with("mymod", "")))
        .as("once per module")
        .isNull();
  }

  @Test
  void firesWhenAProbeIsArmedInAModuleThatIsGoing() {
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.STATE.with("mymod", "LIVE", "GOING", "")))
        .isNull();
    // A faulty kprobes: no module reference, so nothing stops register_kprobe while GOING.
    registerInMyFn("kp");
    assertThat(
            invariant.check(
                org.kmodsim.sim.EventType.text("kprobe").with("register_kprobe(&kp) = 0")))
        .isEqualTo("kp was armed at ffffffffc0a01009 in mymod, going");
  }

  @Test
  void aNewInstanceOfTheNameStartsAfresh() {
    registerInMyFn("kp");
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.STATE.with("mymod", "LIVE", "GOING", "")))
        .isNull();
    notifyGoing();
    assertThat(invariant.check(org.kmodsim.kernel.module.ModuleTrace.FREE.with("mymod", "")))
        .isNull();
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.STATE.with("mymod", "LIVE", "COMING", "")))
        .isNull();
    kit.send(cpu0, manager, new KprobeManager.ModuleComing("mymod", MY_FN, 0x1000, null));
    registerInMyFn("kq");
    assertThat(
            invariant.check(
                org.kmodsim.sim.EventType.text("kprobe").with("register_kprobe(&kq) = 0")))
        .isNull();
  }

  @Test
  void aDisabledProbeIsNotArmed() {
    registerInMyFn("kp");
    kit.send(cpu0, manager, new KprobeManager.Disable(new ProbeKey("", "kp"), cpu()));
    cpu0.expectMessage(KprobeManager.Result.class);
    assertThat(
            invariant.check(
                org.kmodsim.kernel.module.ModuleTrace.STATE.with("mymod", "LIVE", "GOING", "")))
        .isNull();
    assertThat(invariant.check(org.kmodsim.kernel.module.ModuleTrace.FREE.with("mymod", "")))
        .isNull();
  }
}
