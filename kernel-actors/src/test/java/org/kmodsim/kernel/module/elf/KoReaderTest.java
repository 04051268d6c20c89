package org.kmodsim.kernel.module.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The .ko reader on modules built in code ({@link KoBuilder}). What it must find is what kmod's
 * libkmod-elf.c (kmod_elf_get_strings, kmod_elf_get_modversions) and the loader
 * (kernel/module/main.c setup_load_info, version.c check_version) read; the sample was checked with
 * readelf -Ss and kmod 30's modinfo.
 */
class KoReaderTest {
  private static KoModule read(byte[] bytes) {
    return KoReader.read("sample.ko", bytes, ModuleImage.DEFAULT_LIMIT);
  }

  @Test
  void readsModinfoInFileOrderKeepingRepeatedKeysAndUtf8() {
    KoModule ko = read(Sample.module().build());
    assertThat(ko.modinfo()).hasSize(15);
    assertThat(ko.all("author")).containsExactly("A <a@example.org>", "B");
    assertThat(ko.first("description")).isEqualTo("Sample driver: a=b, ε");
    assertThat(ko.first("parm")).isEqualTo("debug:Debug level\n(0-3)");
    assertThat(ko.modinfo().get(0)).isEqualTo(new KoModule.Info("license", "GPL"));
    assertThat(ko.name()).isEqualTo("sample");
    assertThat(ko.elfClass()).isEqualTo(64);
    assertThat(ko.machine()).isEqualTo(62);
  }

  @Test
  void readsVersionsImportsAndExportsWithKindNamespaceAndCrc() {
    KoModule ko = read(Sample.module().build());
    assertThat(ko.versions())
        .containsExactly(
            new KoModule.Version("_printk", 0x1b7d4074L),
            new KoModule.Version("dep_helper", 0x11223344L),
            new KoModule.Version("module_layout", 0x2f9b2b9aL));
    assertThat(ko.imports()).containsExactly("_printk", "dep_helper");
    assertThat(ko.exports())
        .containsExactly(
            new KoModule.Export("sample_b", false, "", 0xe9e55536L),
            new KoModule.Export("sample_a", false, "MY_NS", 0xf4b73d69L),
            new KoModule.Export("sample_gpl", true, "", 0x01020304L));
    assertThat(ko.paramPerms()).isEqualTo(Map.of("debug", 0644, "mode", 0444));
    assertThat(ko.hasInit()).isTrue();
    assertThat(ko.hasExit()).isTrue();
    assertThat(ko.thisModuleName()).isEqualTo("sample");
    assertThat(ko.signature()).isNull();
  }

  /**
   * kmod 30 libkmod-elf.c kmod_elf_get_dependency_symbols: the undefined symbols in symbol-table
   * order (a weak one among them, bind KMOD_SYMBOL_WEAK), each with the CRC of its __versions entry
   * (0 without one), then the __versions entries no symbol visited (module_layout), bind UNDEF.
   */
  @Test
  void dependencySymbolsAreTheUndefinedSymbolsThenTheVersionsNoSymbolNamed() {
    KoModule ko =
        read(
            new KoBuilder()
                .thisModule("x")
                .version("module_layout", 0x1234)
                .imports("b_fn", 2L)
                .weakImport("w_fn")
                .imports("c_fn", null)
                .version("stripped_fn", 9)
                .build());
    assertThat(ko.dependencySymbols())
        .containsExactly(
            new KoModule.DependencySymbol("b_fn", 2, false),
            new KoModule.DependencySymbol("w_fn", 0, true),
            new KoModule.DependencySymbol("c_fn", 0, false),
            new KoModule.DependencySymbol("module_layout", 0x1234, false),
            new KoModule.DependencySymbol("stripped_fn", 9, false));
    assertThat(ko.weakImports()).containsExactly("w_fn");
  }

  @Test
  void takesTheNameFromThisModuleWhenModinfoHasNone() {
    KoModule ko = read(new KoBuilder().info("license", "GPL").thisModule("old_style").build());
    assertThat(ko.name()).isEqualTo("old_style");
    assertThat(ko.hasInit()).isFalse();
  }

  @Test
  void aModuleWithoutVersionsHasNullVersions() {
    assertThat(read(new KoBuilder().noVersions().thisModule("x").build()).versions()).isNull();
  }

  @Test
  void readsAn32BitObjectAsA24ModuleIs() {
    KoModule ko =
        read(
            new KoBuilder(false)
                .info("kernel_version", "2.4.37")
                .info("license", "GPL")
                .imports("printk_R1b7d4074", null)
                .export("exp_add", false, "", 0)
                .thisModule("hello")
                .build());
    assertThat(ko.elfClass()).isEqualTo(32);
    assertThat(ko.machine()).isEqualTo(3);
    assertThat(ko.first("kernel_version")).isEqualTo("2.4.37");
    assertThat(ko.imports()).containsExactly("printk_R1b7d4074");
    assertThat(ko.exports()).extracting(KoModule.Export::symbol).containsExactly("exp_add");
    assertThat(ko.name()).isEqualTo("hello");
  }

  @Test
  void readsTheAppendedSignatureAndItsPkcs7Fields() {
    byte[] elf = Sample.module().build();
    KoModule ko = read(KoBuilder.sign(elf, Sample.pkcs7()));
    assertThat(ko.signature().elfLength()).isEqualTo(elf.length);
    assertThat(ko.signature().problem()).isNull();
    assertThat(ko.signature().fields())
        .extracting(ModuleSignature.Field::key)
        .containsExactly("sig_id", "signer", "sig_key", "sig_hashalgo", "signature");
    assertThat(ko.signature().fields().get(1).text())
        .isEqualTo("Build time autogenerated kernel key");
    assertThat(ko.signature().fields().get(2).bytes())
        .containsExactly(0x8f, 0x03, 0xaa, 0x1a, 0x7a, 0x5c);
    assertThat(ko.signature().fields().get(3).text()).isEqualTo("sha256");
    assertThat(ko.signature().fields().get(4).bytes()).isEqualTo(Sample.signature());
    assertThat(ko.modinfo()).hasSize(15);
  }

  @Test
  void aPkcs7BlobOpenSslRefusesGivesNoFieldsButStillASignature() {
    byte[] blob = Der.pkcs7("k", new byte[] {0, 1}, new byte[] {1, 2}); // non-minimal INTEGER
    KoModule ko = read(KoBuilder.sign(Sample.module().build(), blob));
    assertThat(ko.signature()).isNotNull();
    assertThat(ko.signature().fields()).isEmpty();
  }

  @Test
  void aSignatureLongerThanTheFileIsAProblemNotACrash() {
    byte[] signed = KoBuilder.sign(Sample.module().build(), Sample.pkcs7());
    ByteBuffer.wrap(signed).putInt(signed.length - 28 - 4, 0x7fffffff);
    KoModule ko = read(signed);
    assertThat(ko.signature().problem()).contains("does not fit");
    assertThat(ko.name()).isEqualTo("sample");
  }

  @Test
  void readsXzZstdAndGzipModulesByTheirMagic() throws IOException {
    byte[] plain = KoBuilder.sign(Sample.module().build(), Sample.pkcs7());
    KoModule expected = read(plain);
    ByteArrayOutputStream xz = new ByteArrayOutputStream();
    try (OutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
      out.write(plain);
    }
    ByteArrayOutputStream zst = new ByteArrayOutputStream();
    try (OutputStream out = new ZstdOutputStream(zst)) {
      out.write(plain);
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain);
    }
    for (ByteArrayOutputStream packed : new ByteArrayOutputStream[] {xz, zst, gz}) {
      KoModule ko = read(packed.toByteArray());
      assertThat(ko.modinfo()).isEqualTo(expected.modinfo());
      assertThat(ko.exports()).isEqualTo(expected.exports());
      assertThat(ko.signature().fields()).hasSize(5);
    }
    assertThat(read(xz.toByteArray()).compression()).isEqualTo(ModuleImage.Compression.XZ);
    assertThat(read(zst.toByteArray()).compression()).isEqualTo(ModuleImage.Compression.ZSTD);
    assertThat(read(gz.toByteArray()).compression()).isEqualTo(ModuleImage.Compression.GZIP);
  }

  // ---- malformed files: one line naming the file, never another exception ----

  private static void refused(byte[] bytes, String why) {
    assertThatThrownBy(() -> read(bytes))
        .isInstanceOf(KoFormatException.class)
        .hasMessageStartingWith("sample.ko: ")
        .hasMessageContaining(why)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void refusesAFileThatIsNotElfAsExecFormat() {
    refused("module { name = x }".getBytes(java.nio.charset.StandardCharsets.UTF_8), "not an ELF");
    assertThatThrownBy(() -> read(new byte[] {1, 2, 3}))
        .isInstanceOfSatisfying(KoFormatException.class, e -> assertThat(e.notElf()).isTrue());
  }

  @Test
  void refusesATruncatedHeader() {
    byte[] elf = Sample.module().build();
    refused(java.util.Arrays.copyOf(elf, 40), "truncated ELF header");
    assertThatThrownBy(() -> read(java.util.Arrays.copyOf(elf, 40)))
        .isInstanceOfSatisfying(KoFormatException.class, e -> assertThat(e.notElf()).isFalse());
  }

  @Test
  void refusesSectionHeadersPastTheEnd() {
    byte[] elf = Sample.module().build();
    refused(java.util.Arrays.copyOf(elf, elf.length - 10), "run past the end");
  }

  @Test
  void refusesASectionCountOf65535WithoutReadingPastTheEnd() {
    byte[] elf = Sample.module().build();
    le(elf).putShort(60, (short) 0xffff);
    refused(elf, "65535 section headers");
  }

  @Test
  void refusesAHugeSectionHeaderOffset() {
    byte[] elf = Sample.module().build();
    le(elf).putLong(40, 0x7ffffffffffffff0L);
    refused(elf, "run past the end");
    le(elf).putLong(40, -64L);
    refused(elf, "run past the end");
  }

  @Test
  void refusesASectionWhoseDataRunsPastTheEnd() {
    ElfWriter w = Sample.module().writer();
    w.sections.get(0).size = 1L << 40;
    refused(w.build(), "runs past the end");
    w.sections.get(0).size = -1;
    w.sections.get(0).offset = -8;
    refused(w.build(), "runs past the end");
  }

  @Test
  void refusesANonTerminatedSectionNameTable() {
    byte[] elf = Sample.module().build();
    ByteBuffer b = le(elf);
    long shoff = b.getLong(40);
    int shnum = b.getShort(60);
    int names = (int) shoff + (shnum - 1) * 64;
    b.putLong(names + 32, b.getLong(names + 32) - 1); // drop the final NUL
    refused(elf, "does not end with NUL");
  }

  @Test
  void refusesANonTerminatedSymbolName() {
    ElfWriter w = Sample.module().writer();
    ElfWriter.Section strtab = w.sections.get(w.sections.size() - 1);
    strtab.size = strtab.data.length - 1;
    refused(w.build(), "not NUL-terminated");
  }

  @Test
  void refusesAVersionsTableOfPartialRecords() {
    ElfWriter w = Sample.module().writer();
    w.sections.get(1).size = 100;
    refused(w.build(), "not a multiple of 64");
  }

  @Test
  void refusesAVersionNameWithoutItsNul() {
    ElfWriter w = new KoBuilder().imports("x".repeat(60), 1L).thisModule("m").writer();
    refused(w.build(), "__versions name");
  }

  @Test
  void refusesASymbolTableLinkedToNoSection() {
    ElfWriter w = Sample.module().writer();
    w.sections.get(w.sections.size() - 2).link = 999;
    refused(w.build(), "section index 999 out of range");
  }

  @Test
  void refusesAZipBombWithoutUnpackingIt() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 8; i++) {
        out.write(zeros);
      }
    }
    assertThat(gz.size()).isLessThan(20_000);
    assertThatThrownBy(() -> KoReader.read("bomb.ko.gz", gz.toByteArray(), 1 << 20))
        .isInstanceOf(KoFormatException.class)
        .hasMessage("bomb.ko.gz: decompresses to more than 1048576 bytes");
  }

  @Test
  void refusesADamagedXzStream() throws IOException {
    ByteArrayOutputStream xz = new ByteArrayOutputStream();
    try (OutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
      out.write(Sample.module().build());
    }
    byte[] damaged = xz.toByteArray();
    damaged[damaged.length / 2] ^= 0x55;
    refused(damaged, "cannot decompress (xz)");
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }
}
