package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class ProcModulesTest {
  static final long ADDR = 0xffffffffc0a4e000L;

  static ModuleView view(
      String name,
      long size,
      long count,
      List<String> users,
      ModuleState state,
      Set<Taint> taints) {
    return new ModuleView(name, size, count, users, state, ADDR, taints, false, false, true);
  }

  /** The address as m_show's "0x%px" (the Formatter this used to call). */
  @Property
  void addressesAreSixteenHexDigits(@ForAll long address) {
    assertThat(ProcModules.appendAddress(new StringBuilder(), address).toString())
        .isEqualTo(String.format("0x%016x", address));
  }

  @Test
  void linesFollowMShow() {
    String text =
        ProcModules.render(
            List.of(
                view(
                    "nf_conntrack",
                    172032,
                    2,
                    List.of("xt_conntrack", "nf_nat"),
                    ModuleState.LIVE,
                    Taint.none()),
                view(
                    "vboxdrv",
                    614400,
                    2,
                    List.of("vboxnetadp", "vboxnetflt"),
                    ModuleState.LIVE,
                    EnumSet.of(Taint.OOT_MODULE, Taint.UNSIGNED_MODULE)),
                view(
                    "dummy",
                    12288,
                    0,
                    List.of(),
                    ModuleState.COMING,
                    EnumSet.of(Taint.OOT_MODULE))),
            Era.V6_X,
            true);
    assertThat(text)
        .isEqualTo(
            "nf_conntrack 172032 2 xt_conntrack,nf_nat, Live 0xffffffffc0a4e000\n"
                + "vboxdrv 614400 2 vboxnetadp,vboxnetflt, Live 0xffffffffc0a4e000 (OE)\n"
                + "dummy 12288 0 - Loading 0xffffffffc0a4e000 (O+)\n");
  }

  @Test
  void addressesAreZeroedForReadersWhoMayNotSeeThem() {
    assertThat(
            ProcModules.render(
                List.of(view("dummy", 12288, -1, List.of(), ModuleState.GOING, Taint.none())),
                Era.V6_X,
                false))
        .isEqualTo("dummy 12288 -1 - Unloading 0x0000000000000000\n");
  }

  @Test
  void permanentModulesSaySo() {
    ModuleView permanent =
        new ModuleView(
            "perm", 4096, 0, List.of(), ModuleState.LIVE, ADDR, Taint.none(), true, false, true);
    assertThat(ProcModules.render(List.of(permanent), Era.V4_X, true))
        .isEqualTo("perm 4096 0 [permanent], Live 0xffffffffc0a4e000\n");
  }

  @Test
  void era24FormatHasFlagsAndBracketedUsers() {
    ModuleView m =
        new ModuleView(
            "8390",
            6624,
            0,
            List.of("ne2k-pci"),
            ModuleState.LIVE,
            0,
            Taint.none(),
            false,
            true,
            true);
    ModuleView unused =
        new ModuleView(
            "hello", 800, 0, List.of(), ModuleState.LIVE, 0, Taint.none(), false, false, false);
    assertThat(ProcModules.render(List.of(m, unused), Era.V2_4, true))
        .isEqualTo(
            "8390                    6624   0 (autoclean) [ne2k-pci]\n"
                + "hello                    800   0 (unused)\n");
  }

  @Test
  void lsmodFormatsLikeKmod() {
    String proc =
        "nf_conntrack 172032 2 xt_conntrack,nf_nat, Live 0xffffffffc0a4e000\n"
            + "dummy 12288 0 - Live 0xffffffffc0a4e000\n";
    assertThat(ProcModules.lsmod(proc, Era.V6_X, ""))
        .isEqualTo(
            "Module                  Size  Used by\n"
                + "nf_conntrack          172032  2 xt_conntrack,nf_nat\n"
                + "dummy                  12288  0\n");
  }

  @Test
  void taintStrings() {
    assertThat(Taint.moduleString(EnumSet.of(Taint.UNSIGNED_MODULE, Taint.OOT_MODULE)))
        .isEqualTo("OE");
    assertThat(Taint.maskOf(EnumSet.of(Taint.UNSIGNED_MODULE, Taint.OOT_MODULE))).isEqualTo(12288);
    // kernel/panic.c print_tainted of 6.12: TAINT_FLAGS_COUNT is 19 (up to N; J is 6.15's)
    assertThat(Taint.taintedLine(EnumSet.of(Taint.UNSIGNED_MODULE, Taint.OOT_MODULE), Era.V6_X))
        .isEqualTo("Tainted: G           OE     ");
    assertThat(Taint.taintedLine(Taint.none(), Era.V6_X)).isEqualTo("Not tainted");
  }

  @Test
  void era24ShowsUninitializedInitializingAndDeletedWithoutACountUntilRunning() {
    ModuleView slot =
        new ModuleView(
            "hello",
            20000,
            0,
            List.of(),
            ModuleState.UNFORMED,
            0,
            Taint.none(),
            false,
            false,
            false);
    ModuleView initializing =
        new ModuleView(
            "chardev",
            16384,
            1,
            List.of(),
            ModuleState.COMING,
            0,
            Taint.none(),
            false,
            true,
            false);
    ModuleView deleted =
        new ModuleView(
            "leaky", 16384, 0, List.of(), ModuleState.GOING, 0, Taint.none(), false, true, true);
    ModuleView used =
        new ModuleView(
            "exporter",
            16384,
            0,
            List.of("first", "second"),
            ModuleState.LIVE,
            0,
            Taint.none(),
            false,
            false,
            true);
    assertThat(ProcModules.render(List.of(slot, initializing, deleted, used), Era.V2_4, true))
        .isEqualTo(
            "hello                  20000 (uninitialized)\n"
                + "chardev                16384 (initializing)\n"
                + "leaky                  16384   0 (deleted)\n"
                + "exporter               16384   0 [second first]\n");
  }
}
