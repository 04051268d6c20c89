package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** modprobe.d's syntax and file order (libkmod-config.c kmod_config_parse, conf_files_list). */
class ModprobeConfigTest {
  @TempDir Path root;

  @Test
  void linesJoinWithABackslashAndDashesBecomeUnderscores() {
    ModprobeConfig config =
        ModprobeConfig.parse(
            "/etc/modprobe.d/a.conf",
            "# comment\n"
                + "options snd-hda  model=x \\\n"
                + "  probe=1\n"
                + "alias pci:v*-x snd-hda\n"
                + "blacklist pcspkr\n"
                + "install foo /bin/true\n"
                + "include /etc/x\n"
                + "alias onlyone\n");
    assertThat(config.options())
        .containsExactly(new ModprobeConfig.Options("snd_hda", "model=x   probe=1"));
    assertThat(config.aliases()).containsExactly(new ModprobeConfig.Alias("pci:v*_x", "snd_hda"));
    assertThat(config.blacklist()).containsExactly("pcspkr");
    assertThat(config.errors())
        .containsExactly(
            "libkmod: ERROR ../libkmod/libkmod-config.c:708 kmod_config_parse:"
                + " /etc/modprobe.d/a.conf: command include is deprecated and not parsed anymore",
            "libkmod: ERROR ../libkmod/libkmod-config.c:712 kmod_config_parse:"
                + " /etc/modprobe.d/a.conf line 8: ignoring bad line starting with 'alias'");
    assertThat(config.optionsFor("snd_hda", null)).isEqualTo("model=x   probe=1");
    assertThat(config.optionsFor("other", "snd_hda")).isEqualTo("model=x   probe=1");
    assertThat(config.optionsFor("other", null)).isNull();
  }

  @Test
  void filesAreReadInNameOrderAndAnEarlierDirectoryHidesALaterOnesFile() throws IOException {
    Files.createDirectories(root.resolve("etc/modprobe.d"));
    Files.createDirectories(root.resolve("lib/modprobe.d"));
    Files.writeString(root.resolve("etc/modprobe.d/50-x.conf"), "blacklist from_etc\n");
    Files.writeString(root.resolve("lib/modprobe.d/50-x.conf"), "blacklist hidden\n");
    Files.writeString(root.resolve("lib/modprobe.d/10-y.conf"), "blacklist first\n");
    Files.writeString(root.resolve("lib/modprobe.d/z.txt"), "blacklist not_conf\n");
    ModprobeConfig config = ModprobeConfig.load(root, "softdep m pre: a\n");
    assertThat(config.blacklist()).containsExactly("first", "from_etc");
    assertThat(config.softdeps())
        .containsExactly(new ProbeList.Softdep("m", List.of("a"), List.of()));
  }
}
