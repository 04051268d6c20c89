package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmodsim.kernel.Era;

/**
 * The kernel command line as modprobe reads it: kmod 30 libkmod-config.c kmod_config_parse_kcmdline
 * and kcmdline_parse_result, checked against kmod's own testsuite (testsuite/test-modprobe.c
 * modprobe_param_kcmdline2..8: rootfs-pristine/test-modprobe/module-param-kcmdlineN/proc/cmdline
 * and the {@code modprobe -c} output in its correct.txt; module-param-kcmdline9, added after kmod
 * 30 with the same parser, for the blacklist); module-init-tools 3.9 modprobe.c parse_kcmdline.
 */
class ModprobeKcmdlineTest {
  private static final String END = "\n# End of configuration files. Dumping indexes now:\n\n";

  private static ModprobeConfig config(String procCmdline, Era era) {
    return ModprobeConfig.parse("none.conf", "").withKcmdline(procCmdline, era);
  }

  private static String showConfig(String procCmdline) {
    return KmodShowConfig.show(config(procCmdline, Era.V6_X), null, null);
  }

  @ParameterizedTest(name = "module-param-kcmdline{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2 | psmouse.foo psmouse.bar=1 quiet rw | options psmouse foo\\noptions psmouse bar=1\\n",
        "3 | BOOT_IMAGE=/boot/vmlinuz-3.12.12-57.g5f654cf-default initrd=\\initramfs-linux.img"
            + " psmouse.foo psmouse.bar=1 root=/dev/sda2 rootfstype=ext4 add_efi_memmap quiet rw"
            + " | options psmouse foo\\noptions psmouse bar=1\\n",
        "4 | testmodule.testparam=1.5G | options testmodule testparam=1.5G\\n",
        "5 | psmouse.foo psmouse.bar=1 psmouse.foobar=\"test 1\" psmouse.\"invalid option\""
            + " \" notamodule\" \"noteamodule2 \" notamodule3 quiet rw"
            + " | options psmouse foo\\noptions psmouse bar=1\\noptions psmouse foobar=\"test 1\"\\n",
        "6 | psmouse.foo=2 ivrs_acpihid[14:00.5]=AMD0020:00 psmouse.bar=1 psmouse.zinga=test"
            + " | options psmouse foo=2\\noptions psmouse bar=1\\noptions psmouse zinga=test\\n",
        "7 | psmouse.foo parport.dyndbg=\"file drivers/parport/ieee1284_ops.c +mpf\" quiet rw"
            + " | options psmouse foo\\noptions parport"
            + " dyndbg=\"file drivers/parport/ieee1284_ops.c +mpf\"\\n",
        "8 | psmouse.foo \"parport.dyndbg=file drivers/parport/ieee1284_ops.c +mpf\" quiet rw"
            + " | options psmouse foo\\noptions parport"
            + " dyndbg=\"file drivers/parport/ieee1284_ops.c +mpf\"\\n",
        "9 | modprobe.blacklist=foo,bar modprobe.blacklist=foo2 quiet modprobe.blacklist=bar2 rw"
            + " modprobe.blacklist=foobar"
            + " | blacklist foo\\nblacklist bar\\nblacklist foo2\\nblacklist bar2\\nblacklist"
            + " foobar\\n",
      })
  void kmodReadsTheCommandLinesOfItsOwnTestsuiteAsItsCorrectTxtShows(
      String test, String cmdline, String expected) {
    assertThat(showConfig(cmdline + "\n")).isEqualTo(expected.replace("\\n", "\n") + END);
  }

  @Test
  void aBadBracketInTheNameIsLibkmodsErrorWithTheNameAsUnderscoresLeftIt() {
    // kcmdline_parse_result: underscores() changes '-' up to the bracket, then returns -EINVAL
    ModprobeConfig config = config("snd-hda]x.p=1 ivrs_acpihid[14:00.5]=AMD0020:00\n", Era.V6_X);
    assertThat(config.options()).isEmpty();
    assertThat(config.errors())
        .containsExactly(
            "libkmod: ERROR ../libkmod/libkmod-config.c:489 kcmdline_parse_result: Ignoring bad"
                + " option on kernel command line while parsing module name: 'snd_hda]x'",
            "libkmod: ERROR ../libkmod/libkmod-config.c:489 kcmdline_parse_result: Ignoring bad"
                + " option on kernel command line while parsing module name: 'ivrs_acpihid[14:00'");
  }

  @Test
  void kmodUnderscoresTheNameNotTheBlacklistAndAppendsAfterTheFiles() {
    ModprobeConfig config =
        ModprobeConfig.parse("/etc/modprobe.d/a.conf", "options snd_hda first=1\nblacklist x\n")
            .withKcmdline(
                "snd-hda.index=0 modprobe.blacklist=snd-pcsp a.b.c=1 a=b.c=d mod.p=1=2\n",
                Era.V6_X);
    assertThat(config.options())
        .containsExactly(
            new ModprobeConfig.Options("snd_hda", "first=1"),
            new ModprobeConfig.Options("snd_hda", "index=0"),
            new ModprobeConfig.Options("mod", "p=1=2"));
    assertThat(config.blacklist()).containsExactly("x", "snd-pcsp");
    // kmod_module_get_options: the files' line, then the command line's
    assertThat(config.optionsFor("snd_hda", null)).isEqualTo("first=1 index=0");
  }

  @Test
  void kmodStopsAtKcmdLineSizeAndDropsAnUnterminatedQuotedValue() {
    // read_str_safe(fd, buf, KCMD_LINE_SIZE) keeps 4095 bytes: the line ends in "a.b="
    String longLine = "x".repeat(4090) + " a.b=1 c.d=2\n";
    assertThat(config(longLine, Era.V6_X).options())
        .containsExactly(new ModprobeConfig.Options("a", "b="));
    assertThat(config("a.b=\"open c.d=2\n", Era.V6_X).options()).isEmpty();
  }

  @Test
  void moduleInitTools39TakesEveryDottedWordWithAnEqualsAsOptionsAndHasNoBlacklist() {
    ModprobeConfig config =
        config(
            "root=/dev/sda1 ro snd-hda.index=0 psmouse.foo a.b.c=1 x=y.z=1 modprobe.blacklist=a"
                + " BOOT_IMAGE=/boot/vmlinuz-2.6.32\n",
            Era.V2_6);
    assertThat(config.options())
        .containsExactly(
            new ModprobeConfig.Options("snd_hda", "index=0"),
            new ModprobeConfig.Options("a", "b.c=1"),
            new ModprobeConfig.Options("x=y", "z=1"),
            new ModprobeConfig.Options("modprobe", "blacklist=a"));
    assertThat(config.blacklist()).isEmpty();
    // quotes are plain characters to it
    assertThat(config("p.x=\"a b\"\n", Era.V2_6).options())
        .containsExactly(new ModprobeConfig.Options("p", "x=\"a"));
  }

  @Test
  void modutils24DoesNotReadTheCommandLine() {
    assertThat(config("psmouse.foo=1\n", Era.V2_4).options()).isEmpty();
  }
}
