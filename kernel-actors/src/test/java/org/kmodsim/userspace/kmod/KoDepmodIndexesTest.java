package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.elf.KoBuilder;
import org.kmodsim.kernel.module.elf.KoModule;
import org.kmodsim.userspace.ModuleRepository;

/**
 * modules.alias, modules.softdep, modules.symbols and modules.devname of a small real tree (modules
 * built in code) as kmod 30's depmod writes them (tools/depmod.c: output_aliases, output_softdeps,
 * output_symbols, output_devname). The expected text is what Debian's kmod 30 printed with {@code
 * depmod -n -b ROOT 6.1.0} for the same files.
 */
class KoDepmodIndexesTest {
  @TempDir Path root;

  static KoBuilder module(String name) {
    return new KoBuilder()
        .info("license", "GPL")
        .info("name", name)
        .info("vermagic", "6.1.0 SMP preempt mod_unload modversions ")
        .thisModule(name);
  }

  private Path tree() throws IOException {
    return tree(root);
  }

  /** The small tree under ROOT/lib/modules/6.1.0 (DepmodToolTest writes into it). */
  static Path tree(Path root) throws IOException {
    Path tree = root.resolve("lib/modules/6.1.0");
    Files.createDirectories(tree.resolve("kernel/drivers"));
    Files.write(
        tree.resolve("kernel/drivers/snd-core.ko"),
        module("snd_core")
            .info("alias", "char-major-116-*")
            .info("alias", "devname:snd/seq")
            .info("alias", "char-major-116-1")
            .info("softdep", "pre: snd_timer")
            .export("snd_register", false, "", 1)
            .export("snd_card_new", true, "", 2)
            .export("shared_fn", false, "", 3)
            .build());
    Files.write(
        tree.resolve("kernel/drivers/loop.ko"),
        module("loop")
            .info("alias", "block-major-7-*")
            .info("alias", "char-major-10-237")
            .info("alias", "devname:loop-control")
            .info("alias", "block-major-7-0")
            .export("loop_register_transfer", false, "", 4)
            .export("shared_fn", false, "", 5)
            .build());
    Files.write(
        tree.resolve("kernel/drivers/only-name.ko"),
        module("only_name")
            .info("alias", "devname:only")
            .info("alias", "pci:v00008086d*sv*sd*bc*sc*i*")
            .export("a", false, "", 6)
            .export("abc", false, "", 7)
            .export("abcdefg", false, "", 8)
            .build());
    Files.write(
        tree.resolve("kernel/drivers/no-dev.ko"),
        module("no_dev")
            .info("alias", "char-major-99-1")
            .info("softdep", "post: loop")
            .info("softdep", "pre: snd-core")
            .imports("snd_register", 1L)
            .build());
    Files.writeString(
        tree.resolve("modules.order"),
        "kernel/drivers/snd-core.ko\nkernel/drivers/loop.ko\nkernel/drivers/only-name.ko\n");
    return tree;
  }

  /** depmod -n: modules.dep, then each index with its header; no devname line for only_name. */
  private static final String EXPECTED =
      "kernel/drivers/snd-core.ko:\n"
          + "kernel/drivers/loop.ko:\n"
          + "kernel/drivers/only-name.ko:\n"
          + "kernel/drivers/no-dev.ko: kernel/drivers/snd-core.ko\n"
          + "# Aliases extracted from modules themselves.\n"
          + "alias char-major-116-* snd_core\n"
          + "alias devname:snd/seq snd_core\n"
          + "alias char-major-116-1 snd_core\n"
          + "alias block-major-7-* loop\n"
          + "alias char-major-10-237 loop\n"
          + "alias devname:loop-control loop\n"
          + "alias block-major-7-0 loop\n"
          + "alias devname:only only_name\n"
          + "alias pci:v00008086d*sv*sd*bc*sc*i* only_name\n"
          + "alias char-major-99-1 no_dev\n"
          + "# Soft dependencies extracted from modules themselves.\n"
          + "softdep snd_core pre: snd_timer\n"
          + "softdep no_dev post: loop\n"
          + "softdep no_dev pre: snd-core\n"
          + "# Aliases for symbols, used by symbol_request().\n"
          + "alias symbol:abc only_name\n"
          + "alias symbol:abcdefg only_name\n"
          + "alias symbol:loop_register_transfer loop\n"
          + "alias symbol:shared_fn loop\n"
          + "alias symbol:snd_register snd_core\n"
          + "alias symbol:snd_card_new snd_core\n"
          + "alias symbol:a only_name\n"
          + "# Device nodes to trigger on-demand module loading.\n"
          + "snd_core snd/seq c116:1\n"
          + "loop loop-control c10:237\n";

  @Test
  void theFourIndexesAreKmodsByteForByte() throws IOException {
    Depmod.Result result = Depmod.run(new ModuleRepository(tree().toString(), Era.V6_X), Era.V6_X);
    assertThat(Depmod.printed(result)).isEqualTo(EXPECTED);
    assertThat(result.warnings())
        .containsExactly(
            "depmod: ERROR: Module 'only_name' has devname (only) but lacks major and minor"
                + " information. Ignoring.");
    assertThat(result.errors()).isEmpty();
  }

  @Test
  void theLastModuleToExportASymbolOwnsItsAlias() throws IOException {
    Depmod.Result result = Depmod.run(new ModuleRepository(tree().toString(), Era.V6_X), Era.V6_X);
    assertThat(result.indexes().get("modules.symbols")).contains("alias symbol:shared_fn loop\n");
    assertThat(result.indexes().keySet())
        .containsExactly("modules.alias", "modules.softdep", "modules.symbols", "modules.devname");
  }

  @Test
  void withoutADevnameModuleTheDevnameFileIsEmptyWithoutItsHeader() {
    KoDepmod.Module plain =
        new KoDepmod.Module(
            "kernel/x.ko",
            java.util.List.of(),
            java.util.List.of(),
            java.util.List.of(new KoModule.Info("alias", "char-major-4-1")));
    java.util.List<String> errors = new java.util.ArrayList<>();
    assertThat(KoDepmodIndexes.devname(java.util.List.of(plain), errors)).isEmpty();
    assertThat(errors).isEmpty();
  }

  @Test
  void superfastHashesAsKmodsSharedHash() {
    // the bucket order kmod printed above: abc, abcdefg, loop_register_transfer, shared_fn, ...
    assertThat(bucket("abc")).isLessThan(bucket("abcdefg"));
    assertThat(bucket("snd_card_new")).isLessThan(bucket("a"));
  }

  private static int bucket(String name) {
    return KoDepmodIndexes.superfast(name.getBytes(StandardCharsets.UTF_8)) & 2047;
  }
}
