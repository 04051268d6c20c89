package org.kmodsim.userspace.modutils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ParamValue;

/**
 * modutils' process_module_arguments (insmod/insmod.c of modutils 2.4, as indexed: the loop over
 * {@code name=value}, {@code get_modinfo_value(f, "parm_NAME")}, the switch on the type letter and
 * its error() calls), which 2.4's insmod runs in user space before create_module.
 */
class ModuleArguments24Test {
  private static final ModuleDefinition OLD =
      ModuleFile.parse(
          "old.conf",
          """
          module {
            name = old
            params = [
              { name = irq, modparm = "1-4i" }
              { name = io, modparm = "i", default = "0x300" }
              { name = name, modparm = "s" }
              { name = label, modparm = "c8" }
              { name = flag, modparm = "b" }
              { name = port, modparm = "h" }
              { name = mask, modparm = "l" }
              { name = pair, modparm = "2-3i", default = "7,8,9" }
            ]
            init = [ "return 0" ]
          }
          """,
          Era.V2_4);

  private static ModuleArguments24.Result run(String... args) {
    return ModuleArguments24.process(OLD, List.of(args));
  }

  private static List<ParamValue> numbers(long... values) {
    return java.util.Arrays.stream(values).mapToObj(ParamValue::number).toList();
  }

  @Test
  void valuesAreStrtoulOfBaseZeroStoredAsTheirCType() {
    ModuleArguments24.Result result =
        run("irq=3, 0x10,010", "io=-1", "flag=257", "port=0x18000", "mask=4294967296", "noeq");
    assertThat(result.error()).isNull();
    assertThat(result.values().get("irq")).isEqualTo(numbers(3, 16, 8));
    assertThat(result.values().get("io")).isEqualTo(numbers(-1));
    assertThat(result.values().get("flag")).isEqualTo(numbers(1));
    assertThat(result.values().get("port")).isEqualTo(numbers(-32768));
    // strtoul overflows to ULONG_MAX (32 bits on i386), stored in a long: -1
    assertThat(result.values().get("mask")).isEqualTo(numbers(-1));
  }

  @Test
  void anArrayIsWrittenFromItsFirstElementAndKeepsTheRest() {
    // "3,,5": strtoul finds no digits at the second comma and stores 0 there
    assertThat(run("irq=3,,5").values().get("irq")).isEqualTo(numbers(3, 0, 5));
    assertThat(run("pair=1,2").values().get("pair")).isEqualTo(numbers(1, 2, 9));
  }

  @Test
  void stringsAreCQuotedOrRunToTheNextComma() {
    assertThat(run("name=\"a,b\\tc\\101\"").values().get("name"))
        .containsExactly(ParamValue.text("a,b\tcA"));
    assertThat(run("name=plain").values().get("name")).containsExactly(ParamValue.text("plain"));
    assertThat(run("label=123456").values().get("label"))
        .containsExactly(ParamValue.text("123456"));
  }

  @Test
  void errorsAreModutilsErrorCallsWordForWord() {
    assertThat(run("nosuch=1").error()).isEqualTo("invalid parameter parm_nosuch");
    assertThat(run("irq=3x").error()).isEqualTo("invalid argument syntax for irq: 'x'");
    assertThat(run("irq=abc").error()).isEqualTo("invalid argument syntax for irq: 'a'");
    assertThat(run("irq=1,2,3,4,5").error()).isEqualTo("too many values for irq (max 4)");
    assertThat(run("io=1,2").error()).isEqualTo("too many values for io (max 1)");
    assertThat(run("pair=1").error()).isEqualTo("too few values for pair (min 2)");
    assertThat(run("name=\"open").error())
        .isEqualTo("improperly terminated string argument for name");
    assertThat(run("name=\"a\"b").error()).isEqualTo("invalid argument syntax for name: 'b'");
    // strlen(str) >= charssize-1: a c8 takes 6 characters, though the message says max 7
    assertThat(run("label=1234567").error()).isEqualTo("string too long for label (max 7)");
    // no '-' to '_' in 2.4 insmod
    assertThat(run("ir-q=1").error()).isEqualTo("invalid parameter parm_ir-q");
  }

  @Test
  void theCountStartsAtOneSoAnEmptyValueIsOneValue() {
    assertThat(run("irq=").error()).isNull();
    assertThat(run("irq=").values().get("irq")).isEmpty();
    assertThat(run("pair=").error()).isEqualTo("too few values for pair (min 2)");
  }

  @Test
  void aParameterDeclaredWithATypeReadsAsItsMODULE_PARMLetter() {
    ModuleDefinition typed =
        ModuleFile.parse(
            "typed.conf",
            """
            module {
              name = typed
              params = [
                { name = n, type = int }
                { name = many, type = int, array = 3 }
                { name = buf, type = string, size = 4 }
              ]
              init = [ "return 0" ]
            }
            """,
            Era.V2_4);
    assertThat(ModuleArguments24.format(typed.param("n"))).isEqualTo("i");
    assertThat(ModuleArguments24.format(typed.param("many"))).isEqualTo("1-3i");
    assertThat(ModuleArguments24.format(typed.param("buf"))).isEqualTo("c4");
  }

  @Test
  void aMalformedMODULE_PARMIsRefusedWhenTheFileIsRead() {
    for (String bad : new String[] {"c", "4-2i", "ip", "x", "2-"}) {
      assertThatThrownBy(
              () ->
                  ModuleFile.parse(
                      "bad.conf",
                      "module { name = bad, params = [ { name = p, modparm = \""
                          + bad
                          + "\" } ], init = [ \"return 0\" ] }",
                      Era.V2_4))
          .as(bad)
          .hasMessageContaining("modparm");
    }
  }
}
