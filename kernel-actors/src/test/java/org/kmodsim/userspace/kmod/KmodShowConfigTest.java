package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * modprobe -c as kmod 30 prints it: tools/modprobe.c show_config (the config_iterators table and
 * its printf/puts), libkmod-config.c softdep_to_char and kmod_config_add_options, libkmod.c
 * kmod_dump_index (index_files' "alias " prefix) and libkmod-index.c index_mm_dump_node.
 */
class KmodShowConfigTest {
  private static final String END = "\n# End of configuration files. Dumping indexes now:\n\n";

  @Test
  void theConfigurationComesInIteratorOrderThenTheIndexes() {
    ModprobeConfig config =
        ModprobeConfig.parse(
            "/etc/modprobe.d/t.conf",
            "softdep a-b pre: x y post: z\n"
                + "options hello\twho=world  n=1\n"
                + "alias my-alias hello\n"
                + "remove hello /bin/true\n"
                + "install hello /bin/true $CMDLINE_OPTS\n"
                + "blacklist evil-mod\n"
                + "softdep only pre: p\n"
                + "softdep late post: q\n");
    // blacklist (no value: putchar('\n')), install, remove, alias, options (tabs as spaces),
    // softdep: "pre: x y" then "post: z" with no space (kmod 30's softdep_to_char)
    assertThat(KmodShowConfig.show(config, null, null))
        .isEqualTo(
            "blacklist evil_mod\n"
                + "install hello /bin/true $CMDLINE_OPTS\n"
                + "remove hello /bin/true\n"
                + "alias my_alias hello\n"
                + "options hello who=world  n=1\n"
                + "softdep a_b pre: x ypost: z\n"
                + "softdep only pre: p\n"
                + "softdep late post: q\n"
                + END);
  }

  @Test
  void anIndexIsDumpedInTrieOrderWithItsValuesByPriority() {
    DepmodIndex alias = new DepmodIndex();
    alias.insert("pci:v00008086d*", "e1000", 2);
    alias.insert("pci:v00008086d*", "igb", 1);
    alias.insert("pci:v*", "generic", 3);
    alias.insert("acpi*:PNP0A03:*", "pci_root", 4);
    alias.insert("pci:v00008086d0000100E*", "e1000", 5);
    DepmodIndex symbols = new DepmodIndex();
    symbols.insert("symbol:printk_ratelimit", "kernel", 1);
    String shown =
        KmodShowConfig.show(ModprobeConfig.parse("/dev/null", ""), alias.write(), symbols.write());
    // index_mm_dump_node: the node's values, then its children by ascending character ('*' 0x2a
    // before '0' 0x30); a key's values in priority order (index_add_value keeps them sorted)
    assertThat(shown)
        .isEqualTo(
            END
                + "alias acpi*:PNP0A03:* pci_root\n"
                + "alias pci:v* generic\n"
                + "alias pci:v00008086d* igb\n"
                + "alias pci:v00008086d* e1000\n"
                + "alias pci:v00008086d0000100E* e1000\n"
                + "alias symbol:printk_ratelimit kernel\n");
  }

  @Test
  void aMissingOrMalformedIndexDumpsNothing() {
    DepmodIndex alias = new DepmodIndex();
    alias.insert("pci:v*", "generic", 1);
    byte[] good = alias.write();
    assertThat(KmodShowConfig.dump(good, "alias ")).isEqualTo("alias pci:v* generic\n");
    byte[] badMagic = good.clone();
    badMagic[0] = 0;
    assertThat(KmodShowConfig.dump(badMagic, "alias ")).isEmpty();
    assertThat(KmodShowConfig.dump(null, "alias ")).isEmpty();
    assertThat(KmodShowConfig.dump(Arrays.copyOf(good, 11), "alias ")).isEmpty();
    // every truncation ends the walk without an exception
    for (int n = 12; n < good.length; n++) {
      assertThat(KmodShowConfig.dump(Arrays.copyOf(good, n), "alias ")).isNotNull();
    }
    // a node whose only child is itself: the walk is bounded by the file's size
    byte[] loop = {
      (byte) 0xB0,
      0x07,
      (byte) 0xF4,
      0x57,
      0,
      2,
      0,
      1,
      0x60,
      0,
      0,
      12,
      'a',
      'a',
      0x60,
      0,
      0,
      12,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      0,
      'v',
      0
    };
    String looped = KmodShowConfig.dump(loop, "alias ");
    assertThat(looped).startsWith("alias  v\nalias a v\nalias aa v\n");
    assertThat(looped.lines().count()).isLessThanOrEqualTo(loop.length);
  }
}
