package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.SymbolTable;

/** register_kprobe's rules against the one symbol table, without an actor. */
class RegistrarTest {
  static Registrar registrar(Era era) {
    return new Registrar(KprobeEra.of(era), Blacklist.of(era), 4);
  }

  static KprobeManager.Register register(String symbol, long offset) {
    return new KprobeManager.Register(
        0, ProbeSpec.kprobe(new ProbeKey("", "kp"), symbol, offset, List.of()), null);
  }

  static Kallsyms.SymbolReply lookUp(SymbolTable table, String name) {
    return table.find(name) == null
        ? new Kallsyms.NotFound(name)
        : new Kallsyms.Found(table.find(name));
  }

  @Test
  void refusesBeforeAskingKallsymsWhenTheCallIsMalformedOrKprobesAreMissing() {
    ProbeSpec both =
        new ProbeSpec(
            new ProbeKey("", "kp"),
            false,
            "vfs_read",
            0,
            1L,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            false,
            0,
            0);
    assertThat(registrar(Era.V6_X).refuse(both, 8)).isEqualTo(Errno.EINVAL);
    assertThat(registrar(Era.V2_4).refuse(register("vfs_read", 0).spec(), 8))
        .isEqualTo(Errno.ENOSYS);
    assertThat(registrar(Era.V6_X).refuse(register("vfs_read", 0).spec(), 0))
        .isEqualTo(Errno.EAGAIN);
    assertThat(registrar(Era.V6_X).refuse(register("vfs_read", 0).spec(), 8)).isNull();
  }

  @Test
  void anEntryProbeLandsPastTheEndbrOnTheFentryCallIn6x() {
    SymbolTable table = SymbolTable.withBuiltins(Era.V6_X);
    Registrar registrar = registrar(Era.V6_X);
    long request = registrar.begin(register("vfs_read", 0));
    Registrar.Step step = registrar.resolved(request, lookUp(table, "vfs_read"));
    assertThat(step)
        .isEqualTo(
            new Registrar.Place(table.find("vfs_read"), table.lookupName("vfs_read") + 4, true));
    assertThat(registrar.checkSafety((Registrar.Place) step, Set.of())).isNull();
  }

  @Test
  void anOffsetPastTheEndIsLookedUpByAddressAndAnUnknownNameIsEnoent() {
    SymbolTable table = SymbolTable.withBuiltins(Era.V4_X);
    Registrar registrar = registrar(Era.V4_X);
    long request = registrar.begin(register("vfs_read", 0x170 + 9));
    assertThat(registrar.resolved(request, lookUp(table, "vfs_read")))
        .isEqualTo(new Registrar.LookUpAddress(table.lookupName("vfs_write") + 9));
    long unknown = registrar.begin(register("no_such_function", 0));
    assertThat(registrar.resolved(unknown, lookUp(table, "no_such_function")))
        .isEqualTo(new Registrar.Fail(Errno.ENOENT, false, 0));
  }

  @Test
  void theBlacklistRefusesTheInt3EntryAndDataIsNotText() {
    SymbolTable table = SymbolTable.withBuiltins(Era.V6_X);
    Registrar registrar = registrar(Era.V6_X);
    long request = registrar.begin(register("exc_int3", 0));
    Registrar.Place place =
        (Registrar.Place) registrar.resolved(request, lookUp(table, "exc_int3"));
    assertThat(registrar.checkSafety(place, Set.of())).isEqualTo(Errno.EINVAL);
    long data = registrar.begin(register("jiffies", 0));
    Registrar.Place jiffies = (Registrar.Place) registrar.resolved(data, lookUp(table, "jiffies"));
    assertThat(registrar.checkSafety(jiffies, Set.of())).isEqualTo(Errno.EINVAL);
  }
}
