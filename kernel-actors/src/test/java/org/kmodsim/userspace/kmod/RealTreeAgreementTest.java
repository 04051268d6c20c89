package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.elf.KoFormatException;
import org.kmodsim.kernel.module.elf.KoModule;
import org.kmodsim.kernel.module.elf.KoReader;
import org.kmodsim.kernel.module.elf.ModuleImage;
import org.kmodsim.userspace.ModuleRepository;

/**
 * The -Preal-modules profile (.ci/real-modules): a Debian kernel image unpacked into target/,
 * kmod's own modinfo output for each module and its modules.dep, against kmodsim's, module by
 * module. Without the profile's data the test is skipped.
 */
class RealTreeAgreementTest {
  private static Path property(String name) {
    String value = System.getProperty(name, "");
    Assumptions.assumeFalse(value.isEmpty(), "no " + name + " (run .ci/real-modules)");
    return Path.of(value);
  }

  @Test
  void modinfoOfEveryModuleAgreesWithKmod() throws IOException {
    Path tree = property("kmodsim.real-modules.tree");
    Path expected = property("kmodsim.real-modules.modinfo");
    List<String> paths = Files.readAllLines(expected.resolveSibling("modules.list"));
    List<String> disagree = new ArrayList<>();
    long started = System.nanoTime();
    for (String path : paths) {
      Path file = tree.resolve(path);
      String ours;
      try {
        KoModule ko = KoReader.read(path, Files.readAllBytes(file), ModuleImage.DEFAULT_LIMIT);
        ours = KoModinfo.render(ko, file.toString(), null, '\n').out();
      } catch (KoFormatException e) {
        ours = e.getMessage();
      }
      Path theirs = expected.resolve(path + ".modinfo");
      if (!ours.equals(Files.readString(theirs, StandardCharsets.UTF_8))) {
        disagree.add(path);
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "real-modules: modinfo agrees for %d of %d modules (%d ms)%n",
        paths.size() - disagree.size(), paths.size(), millis);
    assertThat(disagree).isEmpty();
  }

  @Test
  void modulesDepAgreesWithKmodsDepmod() throws IOException {
    Path tree = property("kmodsim.real-modules.tree");
    Path expected = property("kmodsim.real-modules.modules-dep");
    long started = System.nanoTime();
    Depmod.Result result = Depmod.run(new ModuleRepository(tree.toString(), Era.V6_X), Era.V6_X);
    long millis = (System.nanoTime() - started) / 1_000_000;
    List<String> ours = Depmod.render(result).lines().toList();
    List<String> theirs = Files.readAllLines(expected);
    int same = 0;
    for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
      same += ours.get(i).equals(theirs.get(i)) ? 1 : 0;
    }
    System.out.printf(
        "real-modules: modules.dep agrees for %d of %d lines (%d ms)%n",
        same, theirs.size(), millis);
    assertThat(ours).isEqualTo(theirs);
  }

  @Test
  void aliasSoftdepSymbolsAndDevnameAgreeWithKmodsDepmod() throws IOException {
    Path tree = property("kmodsim.real-modules.tree");
    Path expected = property("kmodsim.real-modules.modules-dep");
    Depmod.Result result = Depmod.run(new ModuleRepository(tree.toString(), Era.V6_X), Era.V6_X);
    Map<String, List<String>> disagree = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : result.indexes().entrySet()) {
      List<String> ours = file.getValue().lines().toList();
      List<String> theirs = Files.readAllLines(expected.resolveSibling(file.getKey()));
      int same = 0;
      for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
        same += ours.get(i).equals(theirs.get(i)) ? 1 : 0;
      }
      System.out.printf(
          "real-modules: %s agrees for %d of %d lines (ours %d)%n",
          file.getKey(), same, theirs.size(), ours.size());
      if (!ours.equals(theirs)) {
        disagree.put(file.getKey(), ours);
      }
    }
    assertThat(result.indexes())
        .containsOnlyKeys("modules.alias", "modules.softdep", "modules.symbols", "modules.devname");
    assertThat(disagree.keySet()).isEmpty();
  }

  /** depmod writing into the tree: the ten files byte for byte, the .bin tries included. */
  @Test
  void everyFileDepmodWritesIsByteIdenticalToKmods() throws IOException {
    Path tree = property("kmodsim.real-modules.tree");
    Path expected = property("kmodsim.real-modules.modules-dep");
    ModuleRepository repository = new ModuleRepository(tree.toString(), Era.V6_X);
    long started = System.nanoTime();
    Depmod.Result result = Depmod.run(repository, Era.V6_X);
    List<String> errors = new ArrayList<>();
    Map<String, byte[]> files =
        DepmodFiles.all(
            result,
            repository.treeBytes("modules.builtin"),
            repository.treeBytes("modules.builtin.modinfo"),
            errors);
    long millis = (System.nanoTime() - started) / 1_000_000;
    List<String> disagree = new ArrayList<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      byte[] theirs = Files.readAllBytes(expected.resolveSibling(file.getKey()));
      boolean same = java.util.Arrays.equals(file.getValue(), theirs);
      System.out.printf(
          "real-modules: %s %s (%d bytes, kmod's %d)%n",
          file.getKey(), same ? "identical" : "differs", file.getValue().length, theirs.length);
      if (!same) {
        disagree.add(file.getKey());
      }
    }
    System.out.printf("real-modules: depmod's ten files computed in %d ms%n", millis);
    assertThat(errors).isEmpty();
    assertThat(disagree).isEmpty();
  }

  /**
   * modprobe --show-depends NAME for every module of the tree, against kmod's (run with an empty
   * configuration directory; its paths under the unpacked root shown as the machine shows them).
   */
  @Test
  void showDependsOfEveryModuleAgreesWithKmod() throws IOException {
    Path tree = property("kmodsim.real-modules.tree");
    Path expected = property("kmodsim.real-modules.modules-dep").resolveSibling("show-depends");
    ModuleRepository repository = new ModuleRepository(tree.toString(), Era.V6_X);
    Map<String, String> theirs = new LinkedHashMap<>();
    String name = null;
    StringBuilder block = new StringBuilder();
    for (String line : Files.readAllLines(expected)) {
      if (line.startsWith("== ")) {
        if (name != null) {
          theirs.put(name, block.toString());
        }
        name = line.substring(3);
        block.setLength(0);
      } else {
        block.append(line).append('\n');
      }
    }
    theirs.put(name, block.toString());
    long started = System.nanoTime();
    ModprobeTree probes = ModprobeTree.of(repository, Era.V6_X, List.of());
    org.kmodsim.cpu.Commands commands = org.kmodsim.cpu.Commands.standard();
    List<String> disagree = new ArrayList<>();
    for (Map.Entry<String, String> module : theirs.entrySet()) {
      ModprobeOptions options =
          ModprobeOptions.parse(List.of("--show-depends", module.getKey()), Era.V6_X);
      String ours = ModprobePlan.of(options, probes, Era.V6_X, commands, "").shown();
      if (!ours.equals(module.getValue())) {
        if (disagree.isEmpty()) {
          System.out.println(
              "real-modules: first difference, ours:\n" + ours + "kmod:\n" + module.getValue());
        }
        disagree.add(module.getKey());
      }
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "real-modules: --show-depends agrees for %d of %d modules (%d ms): differ %s%n",
        theirs.size() - disagree.size(), theirs.size(), millis, disagree);
    assertThat(disagree).isEmpty();
  }
}
