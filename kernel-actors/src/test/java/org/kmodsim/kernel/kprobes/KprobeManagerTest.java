package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.SymbolTable;
import org.kmodsim.kernel.module.ModuleEvent;
import org.kmodsim.sim.testkit.SimProbe;
import org.kmodsim.sim.testkit.SimTestKit;

/**
 * The kprobe manager on its own: probes stand for kallsyms (answering from a symbol table), the VFS
 * and the CPUs; no machine is booted.
 */
class KprobeManagerTest {
  final SimTestKit kit = SimTestKit.deterministic(1);
  final SimProbe<Kallsyms.Command> kallsyms = kit.probe(Kallsyms.Command.class, "kallsyms");
  final SimProbe<Vfs.Command> vfs = kit.probe(Vfs.Command.class, "vfs");
  final SimProbe<Object> cpu0 = kit.probe(Object.class, "cpu0");
  final SimProbe<Object> cpu1 = kit.probe(Object.class, "cpu1");
  SymbolTable symbols;
  ActorRef<KprobeManager.Command> manager;
  ActorRef<FileRequest> debugfs;

  @AfterEach
  void close() {
    kit.close();
  }

  /** Boots the manager of {@code era} and answers its boot-time blacklist query. */
  void boot(Era era) {
    symbols = SymbolTable.withBuiltins(era);
    manager =
        kit.spawn(
            sim ->
                KprobeManager.create(
                    sim,
                    KprobeEra.of(era),
                    KprobeSettings.defaults(),
                    2,
                    kallsyms.ref(),
                    vfs.ref(),
                    ModuleRefs.none(sim),
                    null),
            "kprobes");
    debugfs = vfs.expectMessage(Vfs.Mount.class).owner();
    answer();
  }

  /** Kallsyms answers the next question from the table, as the real one does. */
  @SuppressWarnings("unchecked")
  void answer() {
    Kallsyms.Command question = kallsyms.receiveMessage();
    if (question instanceof Kallsyms.Read<?> read) {
      kit.send(kallsyms, (ActorRef<Object>) read.replyTo(), read.query().answer(symbols));
    } else if (question instanceof Kallsyms.FindSymbol find) {
      kit.send(kallsyms, find.replyTo(), found(symbols.find(find.name()), find.name()));
    } else if (question instanceof Kallsyms.FindSymbolAt at) {
      kit.send(kallsyms, at.replyTo(), found(symbols.findAt(at.address()), "address"));
    }
  }

  static Kallsyms.SymbolReply found(org.kmodsim.kernel.kallsyms.KernelSymbol symbol, String what) {
    return symbol == null ? new Kallsyms.NotFound(what) : new Kallsyms.Found(symbol);
  }

  @SuppressWarnings("unchecked")
  static <T> ActorRef<T> ref(SimProbe<Object> probe) {
    return (ActorRef<T>) (ActorRef<?>) probe.ref();
  }

  long register(SimProbe<Object> cpu, ProbeSpec spec) {
    kit.send(cpu, manager, new KprobeManager.Register(0, spec, ref(cpu)));
    answer();
    return cpu.expectMessage(KprobeManager.Result.class).value();
  }

  String list() {
    kit.send(
        cpu0,
        debugfs,
        new FileRequest.Read(KprobeManager.DEBUGFS + "/list", Cred.root(), ref(cpu0)));
    return cpu0.expectMessage(FileReply.Content.class).text();
  }

  static ProbeSpec probe(String name, String symbol, long offset) {
    return ProbeSpec.kprobe(new ProbeKey("", name), symbol, offset, List.of());
  }

  @Test
  void registersAtTheAddressKallsymsGivesAndListsIt() {
    boot(Era.V4_X);
    assertThat(register(cpu0, probe("kp", "vfs_read", 0))).isZero();
    long vfsRead = symbols.lookupName("vfs_read");
    assertThat(list()).isEqualTo(String.format("%016x  k  vfs_read+0x0    [FTRACE]\n", vfsRead));
    kit.send(cpu0, manager, new KprobeManager.ReadAddr(new ProbeKey("", "kp"), ref(cpu0)));
    assertThat(cpu0.expectMessage(KprobeManager.Result.class).value()).isEqualTo(vfsRead);
  }

  @Test
  void anUnknownSymbolIsEnoentAndABlacklistedOneEinvalWithTheAddressFilledIn() {
    boot(Era.V6_X);
    assertThat(register(cpu0, probe("kp", "no_such_function", 0)))
        .isEqualTo(Errno.ENOENT.negative());
    assertThat(register(cpu0, probe("kq", "exc_int3", 0))).isEqualTo(Errno.EINVAL.negative());
    kit.send(cpu0, manager, new KprobeManager.ReadAddr(new ProbeKey("", "kq"), ref(cpu0)));
    assertThat(cpu0.expectMessage(KprobeManager.Result.class).value())
        .isEqualTo(symbols.lookupName("exc_int3") + 4);
    kallsyms.expectNoMessage();
  }

  @Test
  void anOffsetPastTheFunctionIsLookedUpAgainByAddress() {
    boot(Era.V4_X);
    kit.send(
        cpu0,
        manager,
        new KprobeManager.Register(0, probe("kp", "vfs_read", 0x170 + 9), ref(cpu0)));
    answer();
    answer(); // the address lands in vfs_write
    assertThat(cpu0.expectMessage(KprobeManager.Result.class).value()).isZero();
    assertThat(list()).contains("k  vfs_write+0x9 ");
  }

  @Test
  void unregisterWaitsUntilTheCpuInsideAHandlerIsQuiescent() {
    boot(Era.V6_X);
    register(cpu0, probe("kp", "vfs_read", 0));
    long vfsRead = symbols.lookupName("vfs_read");
    kit.send(cpu1, manager, new KprobeManager.Trap(1, vfsRead, vfsRead + 0x170, false, ref(cpu1)));
    TrapReply.Hit hit = cpu1.expectMessage(TrapReply.Hit.class);
    assertThat(hit.address()).isEqualTo(vfsRead + 4);
    kit.send(
        cpu0, manager, new KprobeManager.Unregister(0, List.of(new ProbeKey("", "kp")), ref(cpu0)));
    cpu0.expectNoMessage();
    kit.send(cpu1, manager, new KprobeManager.Quiescent(1, List.of()));
    assertThat(cpu0.expectMessage(KprobeManager.Result.class).value()).isZero();
    kit.send(cpu1, manager, new KprobeManager.Trap(1, vfsRead, vfsRead + 0x170, false, ref(cpu1)));
    assertThat(cpu1.receiveMessage()).isEqualTo(TrapReply.NotProbed.INSTANCE);
  }

  @Test
  void probesInAGoingModulesTextAreGoneAndTheNotifierNeverVetoes() {
    boot(Era.V6_X);
    symbols.addModule(
        "mymod",
        List.of(
            org.kmodsim.kernel.kallsyms.KernelSymbol.local(
                "my_fn", 0xffffffffc0a01000L, 0x40, 't', "mymod")));
    assertThat(register(cpu0, probe("kp", "my_fn", 9))).isZero();
    kit.send(cpu0, manager, new KprobeManager.ModuleGoing("mymod", ref(cpu0)));
    assertThat(cpu0.expectMessage(ModuleEvent.Notified.class))
        .isEqualTo(ModuleEvent.Notified.ok("mymod"));
    assertThat(list()).isEqualTo("ffffffffc0a01009  k  my_fn+0x9  mymod [GONE]\n");
    kit.send(cpu0, manager, new KprobeManager.Enable(new ProbeKey("", "kp"), ref(cpu0)));
    assertThat(cpu0.expectMessage(KprobeManager.Result.class).value())
        .isEqualTo(Errno.EINVAL.negative());
  }
}
