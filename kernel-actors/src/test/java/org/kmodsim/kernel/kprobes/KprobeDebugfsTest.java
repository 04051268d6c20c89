package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kallsyms.KernelSymbol;

class KprobeDebugfsTest {
  static Kprobe probe(String symbol, String module, long address, long offset, boolean ret) {
    Kprobe probe = new Kprobe(new ProbeKey("", "kp"));
    probe.spec =
        new ProbeSpec(
            probe.key, ret, symbol, offset, null, List.of(), List.of(), List.of(), List.of(),
            List.of(), false, 0, 0);
    probe.symbol = KernelSymbol.local(symbol, address - offset, 0x100, 't', module);
    probe.symbolOffset = offset;
    probe.address = address;
    return probe;
  }

  @Test
  void listLinesAreReportProbeFormat() {
    Kprobe ftrace = probe("vfs_read", null, 0xffffffff8135a2b0L, 0, false);
    ftrace.ftrace = true;
    Kprobe gone = probe("my_fn", "mymod", 0xffffffffc0a01010L, 0, true);
    gone.gone = true;
    gone.disabled = true;
    Kprobe disabled = probe("vfs_write", null, 0xffffffff81002905L, 5, false);
    disabled.disabled = true;
    assertThat(KprobeDebugfs.list(List.of(ftrace, gone, disabled), KprobeEra.of(Era.V6_X), true))
        .isEqualTo(
            "ffffffff8135a2b0  k  vfs_read+0x0    [FTRACE]\n"
                + "ffffffffc0a01010  r  my_fn+0x0  mymod [GONE]\n"
                + "ffffffff81002905  k  vfs_write+0x5    [DISABLED]\n");
    assertThat(KprobeDebugfs.list(List.of(ftrace), KprobeEra.of(Era.V6_X), false))
        .isEqualTo("0000000000000000  k  vfs_read+0x0    [FTRACE]\n");
  }

  @Test
  void blacklistLinesAreRanges() {
    assertThat(
            KprobeDebugfs.blacklist(
                List.of(
                    new KprobeDebugfs.BlacklistRange(
                        0xffffffff81001000L, 0xffffffff81001040L, "do_int3")),
                true))
        .isEqualTo("0xffffffff81001000-0xffffffff81001040\tdo_int3\n");
    assertThat(
            KprobeDebugfs.blacklist(
                List.of(
                    new KprobeDebugfs.BlacklistRange(
                        0xffffffff81001000L, 0xffffffff81001040L, "do_int3")),
                false))
        .isEqualTo("0x0000000000000000-0x0000000000000000\tdo_int3\n");
  }

  @Test
  void enabledParsesTheFirstCharacter() {
    assertThat(KprobeDebugfs.parseEnabled("1\n")).isTrue();
    assertThat(KprobeDebugfs.parseEnabled("Yes\n")).isTrue();
    assertThat(KprobeDebugfs.parseEnabled("0\n")).isFalse();
    assertThat(KprobeDebugfs.parseEnabled("no")).isFalse();
    assertThat(KprobeDebugfs.parseEnabled("maybe\n")).isNull();
    assertThat(KprobeDebugfs.enabled(false)).isEqualTo("1\n");
  }
}
