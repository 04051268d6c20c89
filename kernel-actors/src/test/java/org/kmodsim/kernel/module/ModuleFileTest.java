package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kmodsim.kernel.Era;

class ModuleFileTest {
  static final String[] SAMPLES = Samples.text("index").trim().split("\n");

  @ParameterizedTest
  @EnumSource(Era.class)
  void everySampleParsesInEveryEra(Era era) {
    for (String sample : SAMPLES) {
      ModuleDefinition def = Samples.load(sample, era);
      assertThat(def.name()).isEqualTo(sample.replace(".conf", ""));
    }
  }

  @Test
  void helloCarriesItsMetadata() {
    ModuleDefinition hello = Samples.load("hello.conf", Era.V6_X);
    assertThat(hello.license()).isEqualTo("GPL");
    assertThat(hello.vermagic()).isEqualTo("6.12.0 SMP preempt mod_unload modversions ");
    assertThat(hello.params())
        .extracting(ParamSpec::name)
        .containsExactly("howmany", "whom", "verbose", "ids", "tag");
    assertThat(hello.param("howmany").perm()).isEqualTo(0644);
    assertThat(hello.imports().get(0).symbol()).isEqualTo("_printk");
    assertThat(hello.init()).isNotNull();
    assertThat(hello.exit()).isNotNull();
    assertThat(hello.functions()).containsKey("greet");
  }

  @Test
  void errorsNameTheFileAndLine() {
    assertThatThrownBy(
            () ->
                ModuleFile.parse(
                    "bad.conf",
                    "module {\n name = x\n params = [ " + "{ name = a, type = float } ] }",
                    Era.V6_X))
        .isInstanceOf(ModuleFile.ModuleFormatException.class)
        .hasMessageContaining("bad.conf:3")
        .hasMessageContaining("unknown parameter type 'float'");
    assertThatThrownBy(() -> ModuleFile.parse("empty.conf", "", Era.V6_X))
        .hasMessage("empty.conf: no 'module { ... }' block");
    assertThatThrownBy(() -> ModuleFile.parse("syntax.conf", "module { name = ", Era.V6_X))
        .isInstanceOf(ModuleFile.ModuleFormatException.class)
        .hasMessageContaining("syntax.conf");
  }

  @Test
  void aBehaviourClassGivesTheModuleItsJavaFunctions() {
    ModuleDefinition whichcpu = Samples.load("whichcpu.conf", Era.V6_X);
    assertThat(whichcpu.behaviour()).isInstanceOf(org.kmodsim.kernel.module.samples.WhichCpu.class);
    assertThat(whichcpu.init()).isNull();
    assertThat(whichcpu.hasInit()).isTrue();
    assertThat(whichcpu.hasExit()).isTrue();
    assertThat(
            ModuleFile.parse("p.conf", "module { name = p, init = [ \"return 0\" ] }", Era.V6_X)
                .hasExit())
        .isFalse();
  }

  @Test
  void aBadBehaviourClassIsAFormatErrorNamingTheFileAndLine() {
    assertThatThrownBy(
            () ->
                ModuleFile.parse(
                    "a.conf", "module {\n name = a\n behaviour = \"no.such.Module\" }", Era.V6_X))
        .isInstanceOf(ModuleFile.ModuleFormatException.class)
        .hasMessageContaining("a.conf:3")
        .hasMessageContaining("behaviour class no.such.Module not found on the class path");
    assertThatThrownBy(
            () ->
                ModuleFile.parse(
                    "b.conf", "module { name = b, behaviour = \"java.lang.String\" }", Era.V6_X))
        .isInstanceOf(ModuleFile.ModuleFormatException.class)
        .hasMessageContaining("does not implement org.kmodsim.kernel.module.ModuleBehaviour");
    assertThatThrownBy(
            () ->
                ModuleFile.parse(
                    "c.conf",
                    "module { name = c, exit = [ \"return 0\" ],"
                        + " behaviour = \"org.kmodsim.kernel.module.samples.WhichCpu\" }",
                    Era.V6_X))
        .isInstanceOf(ModuleFile.ModuleFormatException.class)
        .hasMessageContaining(
            "function exit is defined in the file and in "
                + "org.kmodsim.kernel.module.samples.WhichCpu");
  }

  @Test
  void anyMalformedValueIsAFormatErrorNotACrash() {
    assertThatThrownBy(
            () ->
                ModuleFile.parse(
                    "t.conf",
                    "module { name = t, exports = [ { symbol = s, type = \"\" } ] }",
                    Era.V6_X))
        .isInstanceOf(ModuleFile.ModuleFormatException.class)
        .hasMessageStartingWith("t.conf");
    assertThatThrownBy(
            () ->
                ModuleFile.parse(
                    "u.conf",
                    "module { name = u, params = [ { name = p, modparm = \"9-2i\" } ] }",
                    Era.V2_4))
        .isInstanceOf(ModuleFile.ModuleFormatException.class)
        .hasMessageContaining("range");
  }

  @Test
  void dashesInNamesBecomeUnderscores() {
    assertThat(ModuleFile.parse("a.conf", "module { name = snd-hda-intel }", Era.V6_X).name())
        .isEqualTo("snd_hda_intel");
  }
}
