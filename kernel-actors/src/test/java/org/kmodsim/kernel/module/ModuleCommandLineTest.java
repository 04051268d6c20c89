package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

/** The module commands' arguments, and the kernel log line's level prefix. */
class ModuleCommandLineTest {
  @Test
  void warnOnTakesTheSiteTheModuleFilesLoaderWritesAndNothingElse() {
    assertThat(ModuleCommandLine.warnOnSite(List.of("hello", "init", "hello.conf", "12"), Era.V6_X))
        .isEqualTo(new WarnText.Site("hello", "init", "hello.conf", 12));
    assertThatThrownBy(() -> ModuleCommandLine.warnOnSite(List.of(), Era.V6_X))
        .hasMessage("only in a module's code");
    assertThatThrownBy(
            () -> ModuleCommandLine.warnOnSite(List.of("f", "fn", "m", "twelve"), Era.V6_X))
        .hasMessage("only in a module's code");
    assertThatThrownBy(() -> ModuleCommandLine.warnOnSite(List.of("f", "fn", "m", "1"), Era.V2_4))
        .hasMessage("2.4 has no WARN_ON (it came in 2.6)");
  }

  @Test
  void returnTakesANumberOrANegativeErrno() {
    assertThat(ModuleCommandLine.returnValue(List.of("-ENODEV")))
        .isEqualTo(Errno.ENODEV.negative());
    assertThat(ModuleCommandLine.returnValue(List.of("0x10"))).isEqualTo(16);
  }

  @Test
  void aLogLinesLevelIsItsPrefixOrWarning() {
    assertThat(LogLine.parse("<6>hello")).isEqualTo(LogLine.info("hello"));
    assertThat(LogLine.parse("hello")).isEqualTo(LogLine.warn("hello"));
    assertThat(LogLine.parse("<x>hello")).isEqualTo(LogLine.warn("<x>hello"));
    assertThat(LogLine.parse(LogLine.err("bad").toString())).isEqualTo(LogLine.err("bad"));
  }
}
