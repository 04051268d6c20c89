package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * libkmod's probe list (libkmod-module.c __kmod_module_get_probe_list, __kmod_module_fill_softdep;
 * kmod_module_get_softdeps takes the first matching softdep line only) and the softdep syntax of
 * libkmod-config.c.
 */
class ProbeListTest {
  private static final Map<String, List<String>> DEP =
      Map.of("user", List.of("mid", "base"), "mid", List.of("base"), "base", List.of());

  private static List<String> names(List<ProbeList.Entry> entries) {
    return entries.stream().map(e -> (e.builtin() ? "builtin " : "") + e.name()).toList();
  }

  @Test
  void dependenciesComeRightToLeftThenTheModule() {
    assertThat(
            names(
                ProbeList.of(
                    "user",
                    DEP,
                    List.of(),
                    Set.of(),
                    n -> DEP.containsKey(n) ? List.of(new ProbeList.Entry(n, false)) : List.of())))
        .containsExactly("base", "mid", "user");
  }

  @Test
  void preSoftdepsComeBeforeAndPostAfterOnlyTheFirstMatchingLineCounts() {
    List<ProbeList.Softdep> softdeps =
        ProbeList.parseSoftdeps(
            "# Soft dependencies extracted from modules themselves.\n"
                + "softdep user pre: extra post: late\n"
                + "softdep user pre: ignored\n"
                + "softdep m?d post: crc\n");
    Map<String, List<String>> dep =
        Map.of(
            "user", List.of("mid"),
            "mid", List.of(),
            "extra", List.of(),
            "late", List.of(),
            "ignored", List.of());
    List<ProbeList.Entry> list =
        ProbeList.of(
            "user",
            dep,
            softdeps,
            Set.of("crc"),
            n ->
                dep.containsKey(n)
                    ? List.of(new ProbeList.Entry(n, false))
                    : n.equals("crc") ? List.of(new ProbeList.Entry(n, true)) : List.of());
    assertThat(names(list)).containsExactly("mid", "builtin crc", "extra", "user", "late");
  }

  @Test
  void aBuiltinModuleIsABuiltinEntryAndAnUnknownSoftdepIsSkipped() {
    List<ProbeList.Softdep> softdeps = ProbeList.parseSoftdeps("softdep crc pre: nosuch\n");
    assertThat(names(ProbeList.of("crc", Map.of(), softdeps, Set.of("crc"), n -> List.of())))
        .containsExactly("builtin crc");
    assertThat(ProbeList.parseBuiltin("kernel/lib/crc32.ko\nkernel/crypto/crc32c-generic.ko\n"))
        .containsExactly("crc32", "crc32c_generic");
  }

  @Test
  void softdepTokensBeforePreOrPostAreIgnoredAndDashesAreUnderscores() {
    List<ProbeList.Softdep> softdeps =
        ProbeList.parseSoftdeps("softdep cifs-x gcm pre: a post: b c");
    assertThat(softdeps)
        .containsExactly(new ProbeList.Softdep("cifs_x", List.of("a"), List.of("b", "c")));
    assertThat(ProbeList.fnmatch("snd_[a-c]*", "snd_bx")).isTrue();
    assertThat(ProbeList.fnmatch("snd_[!a-c]*", "snd_bx")).isFalse();
  }
}
