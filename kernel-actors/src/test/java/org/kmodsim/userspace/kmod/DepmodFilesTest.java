package org.kmodsim.userspace.kmod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;
import org.kmodsim.userspace.ModuleRepository;

/**
 * The files depmod writes (tools/depmod.c depmod_output) for the small tree of {@link
 * KoDepmodIndexesTest} with a modules.builtin and a modules.builtin.modinfo: each file's SHA-256 is
 * that of the file Debian's kmod 30 wrote with {@code depmod -b ROOT 6.1.0} for the same tree; and
 * the trie of index_write for two keys, worked out by hand.
 */
class DepmodFilesTest {
  @TempDir Path root;

  static Path treeWithBuiltins(Path root) throws IOException {
    Path tree = KoDepmodIndexesTest.tree(root);
    Files.writeString(
        tree.resolve("modules.builtin"),
        "kernel/fs/binfmt_script.ko\nkernel/drivers/usb-common.ko\nkernel/x/ab.ko\n");
    Files.write(
        tree.resolve("modules.builtin.modinfo"),
        ("usb_common.alias=usb:v*p*-x\0usb_common.license=GPL\0binfmt_script.alias=fs-binfmt[a-z]\0"
                + "binfmt_script.alias=fs-bin\0ab.alias=usb:v*p*-x\0")
            .getBytes(StandardCharsets.US_ASCII));
    return tree;
  }

  /** sha256sum of what kmod 30 wrote, in depmod_output's order. */
  private static final Map<String, String> KMOD = new LinkedHashMap<>();

  static {
    KMOD.put("modules.dep", "a0afa90569ba753d97dcbb30787711553d3616780786a4e85ef95d40908f1186");
    KMOD.put("modules.dep.bin", "8344b80fee9d11703592a8acf22d8f0f00550b3824ff09ee7480223a74f1e53d");
    KMOD.put("modules.alias", "a1843c17fc9eb4ef2cb0efdc187316153135796b0310f69425169cef29a28431");
    KMOD.put(
        "modules.alias.bin", "83e0de34cda023bec369b564faecdc09bfbecd26ecdb1438eabe0ccb64ed3d05");
    KMOD.put("modules.softdep", "9c9f35fcc09feb971b390224028dd0300f2d967334c84d81283c9109bcd28cb6");
    KMOD.put("modules.symbols", "1add1f08197667739b81dfe750d00cc72b8aa20197595f0e3caae61ce92a9a6c");
    KMOD.put(
        "modules.symbols.bin", "1e2170c3ca3af351653c7baedf15cbb226ec8f6f56b587c638f2fbf207f5b3bb");
    KMOD.put(
        "modules.builtin.bin", "0d2b3dc960180537a30da703f932b03a392eae82554857240777ebd3cde4940d");
    KMOD.put(
        "modules.builtin.alias.bin",
        "507b710ef4d9125e510f47ce3a2101a8cdfd53adf4ddc08649d396e0582e8de6");
    KMOD.put("modules.devname", "76c533f079cde96e7d0e73b2f3418cbb7a4ea60f45252b49ffa718a12476dde3");
  }

  @Test
  void theTenFilesAreKmodsByteForByteInDepmodOutputsOrder() throws IOException {
    ModuleRepository tree = new ModuleRepository(treeWithBuiltins(root).toString(), Era.V6_X);
    List<String> errors = new ArrayList<>();
    Map<String, byte[]> files =
        DepmodFiles.all(
            Depmod.run(tree, Era.V6_X),
            tree.treeBytes("modules.builtin"),
            tree.treeBytes("modules.builtin.modinfo"),
            errors);
    Map<String, String> sums = new LinkedHashMap<>();
    files.forEach((name, bytes) -> sums.put(name, sha256(bytes)));
    assertThat(sums).containsExactlyEntriesOf(KMOD);
    assertThat(errors).isEmpty();
  }

  @Test
  void withoutModulesBuiltinItsIndexesAreEmptyFiles() throws IOException {
    ModuleRepository tree =
        new ModuleRepository(KoDepmodIndexesTest.tree(root).toString(), Era.V6_X);
    Map<String, byte[]> files =
        DepmodFiles.all(Depmod.run(tree, Era.V6_X), null, null, new ArrayList<>());
    assertThat(files.get("modules.builtin.bin")).isEmpty();
    assertThat(files.get("modules.builtin.alias.bin")).isEmpty();
  }

  /**
   * index_write of "ab" -> x (priority 0) and "ac" -> y (1): the leaves at 12 and 22 (values:
   * count, priority, string), the split node "a" at 32 (children 'b'..'c'), the root at 42.
   */
  @Test
  void theTrieIsWrittenPostOrderWithFlaggedOffsets() {
    DepmodIndex index = new DepmodIndex();
    assertThat(index.insert("ab", "x", 0)).isFalse();
    assertThat(index.insert("ac", "y", 1)).isFalse();
    String hex = HexFormat.of().formatHex(index.write());
    assertThat(hex)
        .isEqualTo(
            "b007f457"
                + "00020001"
                + "2000002a"
                + "00000001"
                + "00000000"
                + "7800"
                + "00000001"
                + "00000001"
                + "7900"
                + "6263"
                + "4000000c"
                + "40000016"
                + "6161"
                + "20000020");
  }

  @Test
  void aSecondEqualValueIsADuplicateAndValuesKeepPriorityOrder() {
    DepmodIndex index = new DepmodIndex();
    index.insert("k", "b", 5);
    index.insert("k", "a", 1);
    assertThat(index.insert("k", "b", 9)).isTrue();
    String hex = HexFormat.of().formatHex(index.write());
    // root "" with child 'k' (a leaf, no prefix): 3 values, priorities 1, 5, 9
    assertThat(hex).contains("00000003" + "00000001" + "6100" + "00000005" + "6200");
  }

  @Test
  void aKeyOutsideSevenBitAsciiIsRefused() {
    assertThatThrownBy(() -> new DepmodIndex().insert("caf\u00e9", "x", 0))
        .hasMessageContaining("only 7-bit ASCII is supported");
  }

  @Test
  void aliasNormalizeKeepsDashesInsideBracketsAndRefusesUnmatchedOnes() {
    assertThat(DepmodFiles.aliasNormalize("usb:v*p*-x[a-z]-y")).isEqualTo("usb:v*p*_x[a-z]_y");
    assertThat(DepmodFiles.aliasNormalize("bad[a-z")).isNull();
    assertThat(DepmodFiles.aliasNormalize("bad]")).isNull();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
