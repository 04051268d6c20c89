package org.kmodsim.kernel.kallsyms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.fs.FileReply;
import org.kmodsim.kernel.fs.FileRequest;
import org.kmodsim.kernel.fs.Vfs;
import org.kmodsim.sim.testkit.SimProbe;
import org.kmodsim.sim.testkit.SimTestKit;

/** The Kallsyms actor on its own: a fresh actor per test, probes for the VFS and a CPU. */
class KallsymsTest {
  SimTestKit kit;
  SimProbe<Vfs.Command> vfs;
  SimProbe<Object> cpu;
  ActorRef<Kallsyms.Command> kallsyms;
  ActorRef<FileRequest> procKallsyms;

  @BeforeEach
  void boot() {
    kit = SimTestKit.deterministic(1);
    vfs = kit.probe(Vfs.Command.class, "vfs");
    cpu = kit.probe(Object.class, "cpu0");
    kallsyms =
        kit.spawn(
            sim -> Kallsyms.create(sim, KallsymsSettings.defaults(Era.V6_X), vfs.ref()),
            "kallsyms");
    Vfs.Mount kallsymsFile = vfs.expectMessage(Vfs.Mount.class);
    assertThat(kallsymsFile.path()).isEqualTo("/proc/kallsyms");
    assertThat(vfs.expectMessage(Vfs.Mount.class).path())
        .isEqualTo("/proc/sys/kernel/kptr_restrict");
    procKallsyms = kallsymsFile.owner();
  }

  @AfterEach
  void close() {
    kit.close();
  }

  @SuppressWarnings("unchecked")
  <T> ActorRef<T> cpuRef() {
    return (ActorRef<T>) (ActorRef<?>) cpu.ref();
  }

  Kallsyms.SymbolReply find(Kallsyms.Command command) {
    kit.send(cpu, kallsyms, command);
    return (Kallsyms.SymbolReply) cpu.receiveMessage();
  }

  long lookupName(String name) {
    kit.send(cpu, kallsyms, new Kallsyms.LookupName(name, cpuRef()));
    return cpu.expectMessage(Kallsyms.Address.class).address();
  }

  String read(Cred cred) {
    kit.send(cpu, procKallsyms, new FileRequest.Read("/proc/kallsyms", cred, cpuRef()));
    return cpu.expectMessage(FileReply.Content.class).text();
  }

  @Test
  void kprobesAndKallsymsLookupNameGetTheSameAddressForAnUnexportedFunction() {
    Kallsyms.SymbolReply reply = find(new Kallsyms.FindSymbol("vfs_read", cpuRef()));
    assertThat(reply).isInstanceOf(Kallsyms.Found.class);
    KernelSymbol symbol = ((Kallsyms.Found) reply).symbol();
    assertThat(symbol.size()).isEqualTo(0x170);
    assertThat(lookupName("vfs_read")).isEqualTo(symbol.address());
    assertThat(find(new Kallsyms.FindSymbolAt(symbol.address() + 0x10, cpuRef()))).isEqualTo(reply);
    assertThat(read(Cred.root())).contains(String.format("%016x T vfs_read\n", symbol.address()));
    cpu.expectNoMessage();
  }

  @Test
  void anUnknownNameIsNotFoundAndLooksUpAsZero() {
    assertThat(find(new Kallsyms.FindSymbol("no_such_function", cpuRef())))
        .isEqualTo(new Kallsyms.NotFound("no_such_function"));
    assertThat(lookupName("no_such_function")).isZero();
  }

  @Test
  void moduleSymbolsAreVisibleFromAddModuleUntilDropModule() {
    KernelSymbol helper = KernelSymbol.local("my_helper", 0xffffffffc0a01000L, 0x40, 't', "mymod");
    kit.send(cpu, kallsyms, new Kallsyms.AddModule("mymod", List.of(helper), cpuRef()));
    assertThat(cpu.expectMessage(Kallsyms.Added.class).duplicate()).isNull();
    assertThat(find(new Kallsyms.FindSymbol("mymod:my_helper", cpuRef())))
        .isEqualTo(new Kallsyms.Found(helper));
    assertThat(read(Cred.root())).endsWith("ffffffffc0a01000 t my_helper\t[mymod]\n");
    kit.send(cpu, kallsyms, new Kallsyms.DropModule("mymod"));
    assertThat(lookupName("my_helper")).isZero();
  }

  @Test
  void aModuleExportingAKernelSymbolIsRefusedAndAddsNothing() {
    KernelSymbol kfree =
        new KernelSymbol("kfree", 0xffffffffc0a01000L, 'T', "dup", true, false, "", null);
    kit.send(cpu, kallsyms, new Kallsyms.AddModule("dup", List.of(kfree), cpuRef()));
    assertThat(cpu.expectMessage(Kallsyms.Added.class).duplicate().ownerName()).isEqualTo("kernel");
    assertThat(find(new Kallsyms.FindSymbol("dup:kfree", cpuRef())))
        .isInstanceOf(Kallsyms.NotFound.class);
  }

  @Test
  void readRunsTheLoadersQueryAgainstTheTable() {
    kit.send(cpu, kallsyms, new Kallsyms.Read<>(new ExportCount(), cpuRef()));
    assertThat(cpu.expectMessage(Integer.class)).isPositive();
  }

  /** A query as the loader writes them: a record. */
  record ExportCount() implements Kallsyms.Query<Integer> {
    @Override
    public Integer answer(SymbolTable table) {
      return table.exports(null).size();
    }
  }

  @Test
  void anUnprivilegedReaderSeesNamesWithZeroedAddresses() {
    assertThat(read(Cred.nobody()))
        .contains("0000000000000000 T vfs_read\n")
        .doesNotContain("ffffffff8");
  }
}
