package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

class ModuleParamsTest {
  private final ModuleDefinition hello = Samples.load("hello.conf", Era.V6_X);

  private ModuleParams.Parsed parse(String args, Era era) {
    return ModuleParams.parse(
        "hello", args, hello.params(), ModuleParams.defaults(hello.params(), era), era);
  }

  private String shown(ModuleParams.Parsed parsed, String name, Era era) {
    return ModuleParams.show(hello.param(name), parsed.values().get(name), era);
  }

  @Test
  void defaultsAreTheInitializers() {
    ModuleParams.Parsed parsed = parse("", Era.V6_X);
    assertThat(parsed.error()).isNull();
    assertThat(shown(parsed, "howmany", Era.V6_X)).isEqualTo("1");
    assertThat(shown(parsed, "whom", Era.V6_X)).isEqualTo("world");
    assertThat(shown(parsed, "verbose", Era.V6_X)).isEqualTo("N");
    assertThat(shown(parsed, "ids", Era.V6_X)).isEmpty();
  }

  @Test
  void quotesDashesAndBareBoolsFollowNextArg() {
    ModuleParams.Parsed parsed = parse("howmany=3 whom=\"big world\" verbose ids=1,2,3", Era.V6_X);
    assertThat(parsed.error()).isNull();
    assertThat(shown(parsed, "howmany", Era.V6_X)).isEqualTo("3");
    assertThat(shown(parsed, "whom", Era.V6_X)).isEqualTo("big world");
    assertThat(shown(parsed, "verbose", Era.V6_X)).isEqualTo("Y");
    assertThat(shown(parsed, "ids", Era.V6_X)).isEqualTo("1,2,3");
  }

  @Test
  void unknownParameterIsIgnoredWithAWarningFrom4x() {
    ModuleParams.Parsed parsed = parse("nosuch=1", Era.V4_X);
    assertThat(parsed.error()).isNull();
    assertThat(parsed.log())
        .containsExactly(LogLine.warn("hello: unknown parameter 'nosuch' ignored"));
  }

  @Test
  void unknownParameterFailsWithEnoentIn26() {
    ModuleParams.Parsed parsed = parse("nosuch=1", Era.V2_6);
    assertThat(parsed.error()).isEqualTo(Errno.ENOENT);
    assertThat(parsed.log()).containsExactly(LogLine.warn("hello: Unknown parameter `nosuch'"));
  }

  @Test
  void invalidValueLogsTheKernelLineAndReturnsTheSetterError() {
    ModuleParams.Parsed parsed = parse("howmany=abc", Era.V6_X);
    assertThat(parsed.error()).isEqualTo(Errno.EINVAL);
    assertThat(parsed.log())
        .containsExactly(LogLine.err("hello: `abc' invalid for parameter `howmany'"));
    assertThat(parse("howmany=99999999999", Era.V6_X).error()).isEqualTo(Errno.ERANGE);
  }

  @Test
  void tooLongStringIsTooLarge() {
    ModuleParams.Parsed parsed = parse("tag=waytoolong", Era.V6_X);
    assertThat(parsed.error()).isEqualTo(Errno.ENOSPC);
    assertThat(parsed.log())
        .containsExactly(LogLine.err("hello: `waytoolong' too large for parameter `tag'"));
  }

  @Test
  void tooManyArrayElementsShowOnlyTheFirstInTheFollowUpLine() {
    ModuleParams.Parsed parsed = parse("ids=1,2,3,4,5", Era.V6_X);
    assertThat(parsed.error()).isEqualTo(Errno.EINVAL);
    assertThat(parsed.log())
        .containsExactly(
            LogLine.err("ids: can only take 4 arguments"),
            LogLine.err("hello: `1' invalid for parameter `ids'"));
  }

  @Test
  void sixXKeepsGoingAndReturnsTheLastErrorWhileOlderErasStopAtTheFirst() {
    ModuleParams.Parsed six = parse("howmany=x tag=waytoolong howmany=7", Era.V6_X);
    assertThat(six.error()).isEqualTo(Errno.ENOSPC);
    assertThat(six.log()).hasSize(2);
    assertThat(shown(six, "howmany", Era.V6_X)).isEqualTo("7");
    ModuleParams.Parsed four = parse("howmany=x tag=waytoolong", Era.V4_X);
    assertThat(four.error()).isEqualTo(Errno.EINVAL);
    assertThat(four.log()).hasSize(1);
  }

  @Test
  void doubleDashEndsTheArguments() {
    ModuleParams.Parsed parsed = parse("howmany=2 -- howmany=9", Era.V6_X);
    assertThat(shown(parsed, "howmany", Era.V6_X)).isEqualTo("2");
    assertThat(parsed.log())
        .containsExactly(LogLine.notice("hello: parameters 'howmany=9' after `--' ignored"));
  }

  @Test
  void modparmOf24DeclaresArraysWithMinAndMax() {
    ModuleDefinition old = Samples.load("oldstyle.conf", Era.V2_4);
    ParamSpec irq = old.param("irq");
    assertThat(irq.type()).isEqualTo(ParamType.INT);
    assertThat(irq.arrayMin()).isEqualTo(1);
    assertThat(irq.arrayMax()).isEqualTo(4);
    assertThat(old.param("io").isArray()).isFalse();
    assertThat(old.param("name").type()).isEqualTo(ParamType.CHARP);
    Map<String, List<ParamValue>> values = ModuleParams.defaults(old.params(), Era.V2_4);
    ModuleParams.Parsed parsed =
        ModuleParams.parse("oldstyle", "irq=3,5 io=0x300", old.params(), values, Era.V2_4);
    assertThat(parsed.error()).isNull();
    assertThat(ModuleParams.show(irq, parsed.values().get("irq"), Era.V2_4)).isEqualTo("3,5");
  }
}
