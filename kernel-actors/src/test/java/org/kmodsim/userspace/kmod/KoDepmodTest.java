package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.elf.KoBuilder;
import org.kmodsim.userspace.ModuleRepository;

/**
 * modules.dep of a small real tree (modules built in code) as kmod 30's depmod writes it
 * (tools/depmod.c); the expected text is what Debian's kmod 30 wrote for the same files with {@code
 * depmod -b ROOT 6.1.0}: modules.order order, an unlisted module last, transitive dependencies in
 * the topological order of depmod_calculate_dependencies.
 */
class KoDepmodTest {
  @TempDir Path root;

  private static KoBuilder module(String name) {
    return new KoBuilder()
        .info("license", "GPL")
        .info("name", name)
        .info("vermagic", "6.1.0 SMP preempt mod_unload modversions ")
        .thisModule(name);
  }

  private static final String EXPECTED =
      "kernel/d.ko: kernel/e.ko kernel/c.ko kernel/sub/b.ko kernel/a.ko\n"
          + "kernel/c.ko: kernel/sub/b.ko kernel/a.ko\n"
          + "kernel/sub/b.ko: kernel/a.ko\n"
          + "kernel/a.ko:\n"
          + "kernel/f-g.ko: kernel/a.ko\n"
          + "kernel/e.ko:\n";

  private Path tree() throws IOException {
    Path tree = root.resolve("6.1.0");
    Files.createDirectories(tree.resolve("kernel/sub"));
    Files.write(tree.resolve("kernel/a.ko"), module("a").export("a_fn", false, "", 1).build());
    Files.write(
        tree.resolve("kernel/sub/b.ko"),
        module("b").imports("a_fn", 1L).export("b_fn", true, "", 2).build());
    Files.write(
        tree.resolve("kernel/c.ko"),
        module("c")
            .imports("b_fn", 2L)
            .imports("a_fn", 1L)
            .imports("printk", 3L)
            .export("c_fn", false, "", 3)
            .build());
    Files.write(
        tree.resolve("kernel/d.ko"), module("d").imports("c_fn", 3L).imports("e_fn", 4L).build());
    Files.write(tree.resolve("kernel/e.ko"), module("e").export("e_fn", false, "", 4).build());
    Files.write(tree.resolve("kernel/f-g.ko"), module("f_g").imports("a_fn", 1L).build());
    Files.writeString(
        tree.resolve("modules.order"),
        "kernel/d.ko\nkernel/c.ko\nkernel/sub/b.ko\nkernel/a.ko\nkernel/f-g.ko\n");
    return tree;
  }

  @Test
  void modulesDepOfARealTreeIsKmodsByteForByte() throws IOException {
    Depmod.Result result = Depmod.run(new ModuleRepository(tree().toString(), Era.V6_X), Era.V6_X);
    assertThat(Depmod.render(result)).isEqualTo(EXPECTED);
    assertThat(result.errors()).isEmpty();
    assertThat(result.dependencies().get("d")).containsExactly("e", "c", "b", "a");
    assertThat(result.files().get("f_g")).isEqualTo("kernel/f-g.ko");
  }

  @Test
  void aRealTreeIsShownUnderItsOwnRelease() throws IOException {
    ModuleRepository repository = new ModuleRepository(tree().toString(), Era.V6_X);
    assertThat(repository.release()).isEqualTo("6.1.0");
    assertThat(repository.byName("f-g").shownPath()).isEqualTo("/lib/modules/6.1.0/kernel/f-g.ko");
  }

  /**
   * depmod_load_module_dependencies (kmod 30 tools/depmod.c) resolves every dependency symbol of
   * kmod_elf_get_dependency_symbols (libkmod-elf.c), and those include the __versions entries that
   * no undefined symbol names ("module_layout/struct_module are not visited, but needed"): a module
   * whose only reference to a_fn is its __versions entry still depends on a's module, and a weak
   * undefined symbol makes a dependency too.
   */
  @Test
  void aVersionsEntryNoSymbolNamesAndAWeakSymbolAreDependencies() throws IOException {
    Path tree = root.resolve("6.1.0");
    Files.createDirectories(tree.resolve("kernel"));
    Files.write(tree.resolve("kernel/a.ko"), module("a").export("a_fn", false, "", 1).build());
    Files.write(tree.resolve("kernel/w.ko"), module("w").export("w_fn", false, "", 5).build());
    Files.write(
        tree.resolve("kernel/b.ko"),
        module("b").version("module_layout", 7).version("a_fn", 1).weakImport("w_fn").build());
    Files.writeString(tree.resolve("modules.order"), "kernel/b.ko\nkernel/a.ko\nkernel/w.ko\n");
    Depmod.Result result = Depmod.run(new ModuleRepository(tree.toString(), Era.V6_X), Era.V6_X);
    assertThat(Depmod.render(result))
        .isEqualTo("kernel/b.ko: kernel/a.ko kernel/w.ko\nkernel/a.ko:\nkernel/w.ko:\n");
  }

  @Test
  void aCycleIsAnErrorNotAnEndlessWalk() {
    List<KoDepmod.Module> modules =
        List.of(
            new KoDepmod.Module("kernel/x.ko", List.of("x_fn"), List.of("y_fn")),
            new KoDepmod.Module("kernel/y.ko", List.of("y_fn"), List.of("x_fn")));
    List<String> errors = new ArrayList<>();
    assertThat(KoDepmod.modulesDep(modules, List.of(), errors)).isEmpty();
    assertThat(errors).hasSize(1);
  }
}
