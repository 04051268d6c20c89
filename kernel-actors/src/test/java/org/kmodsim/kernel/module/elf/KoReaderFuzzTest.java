package org.kmodsim.kernel.module.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Mutated module files (bytes overwritten, the file cut short) are read or refused with the
 * reader's own one-line error; no other exception, whatever the damage.
 */
class KoReaderFuzzTest {
  private static final byte[] SIGNED = KoBuilder.sign(Sample.module().build(), Sample.pkcs7());

  @Property(tries = 2000, seed = "16")
  void mutatedModulesAreReadOrRefusedInOneLine(
      @ForAll("mutations") List<Tuple.Tuple2<Integer, Byte>> mutations, @ForAll("cuts") int cut) {
    byte[] bytes = SIGNED.clone();
    for (Tuple.Tuple2<Integer, Byte> m : mutations) {
      bytes[m.get1() % bytes.length] = m.get2();
    }
    byte[] input = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, cut));
    try {
      KoModule ko = KoReader.read("fuzz.ko", input, ModuleImage.DEFAULT_LIMIT);
      assertThat(ko.modinfo()).isNotNull();
    } catch (KoFormatException e) {
      assertThat(e.getMessage()).startsWith("fuzz.ko: ").doesNotContain("\n");
    }
  }

  private static final byte[] XZ = xz(SIGNED);

  private static byte[] xz(byte[] plain) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.io.OutputStream xz =
        new org.tukaani.xz.XZOutputStream(out, new org.tukaani.xz.LZMA2Options())) {
      xz.write(plain);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Property(tries = 500, seed = "16")
  void mutatedCompressedModulesAreReadOrRefusedInOneLine(
      @ForAll("mutations") List<Tuple.Tuple2<Integer, Byte>> mutations) {
    byte[] bytes = XZ.clone();
    for (Tuple.Tuple2<Integer, Byte> m : mutations) {
      bytes[m.get1() % bytes.length] = m.get2();
    }
    try {
      KoReader.read("fuzz.ko.xz", bytes, ModuleImage.DEFAULT_LIMIT);
    } catch (KoFormatException e) {
      assertThat(e.getMessage()).startsWith("fuzz.ko.xz: ").doesNotContain("\n");
    }
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<Integer, Byte>>> mutations() {
    Arbitrary<Tuple.Tuple2<Integer, Byte>> one =
        Combinators.combine(
                Arbitraries.oneOf(
                    Arbitraries.integers().between(0, 63), // the header
                    Arbitraries.integers().between(0, SIGNED.length - 1)),
                Arbitraries.oneOf(
                    Arbitraries.bytes(), Arbitraries.of((byte) 0, (byte) 0xff, (byte) 0x7f)))
            .as(Tuple::of);
    return one.list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.oneOf(
        Arbitraries.just(Integer.MAX_VALUE), Arbitraries.integers().between(0, SIGNED.length));
  }
}
