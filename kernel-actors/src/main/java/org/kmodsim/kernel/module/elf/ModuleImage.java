package org.kmodsim.kernel.module.elf;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A module file's bytes as the kernel sees them (kmod libkmod/libkmod-file.c, load_xz, load_zstd,
 * load_zlib; kernel/module/decompress.c): the compression is found by its magic bytes, not the file
 * name, and the output is bounded, so a zip bomb is an error, not an exhausted heap.
 */
public final class ModuleImage {
  private ModuleImage() {}

  /** The largest module image read: 64 MiB (the largest Debian 6.x module is under 6 MB). */
  public static final int DEFAULT_LIMIT = 64 << 20;

  /** XZ decoder memory limit in KiB: modules use a 1-2 MiB dictionary. */
  private static final int XZ_MEMORY_KIB = 64 << 10;

  /** How a module file is compressed. */
  public enum Compression {
    NONE(""),
    XZ(".xz"),
    ZSTD(".zst"),
    GZIP(".gz");

    private final String suffix;

    Compression(String suffix) {
      this.suffix = suffix;
    }

    /** The file name suffix the kernel build gives it. */
    public String suffix() {
      return suffix;
    }
  }

  /** The compression whose magic bytes {@code raw} starts with. */
  public static Compression sniff(byte[] raw) {
    if (startsWith(raw, 0xfd, '7', 'z', 'X', 'Z', 0)) {
      return Compression.XZ;
    }
    if (startsWith(raw, 0x28, 0xb5, 0x2f, 0xfd)) {
      return Compression.ZSTD;
    }
    if (startsWith(raw, 0x1f, 0x8b)) {
      return Compression.GZIP;
    }
    return Compression.NONE;
  }

  /** Whether {@code raw} looks like a module image (ELF or a compressed one), not a text file. */
  public static boolean isBinaryModule(byte[] raw) {
    return sniff(raw) != Compression.NONE || startsWith(raw, 0x7f, 'E', 'L', 'F');
  }

  /** The decompressed bytes of {@code raw}, at most {@code limit} of them. */
  public static byte[] unpack(String file, byte[] raw, int limit) {
    Compression compression = sniff(raw);
    if (compression == Compression.NONE) {
      if (raw.length > limit) {
        throw ElfFile.bad(file, "module is larger than " + limit + " bytes");
      }
      return raw;
    }
    try (InputStream in = open(compression, new ByteArrayInputStream(raw))) {
      return readBounded(file, in, limit);
    } catch (KoFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // the decompressors report damage as IOException or as unchecked exceptions of their own
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw ElfFile.bad(
          file,
          "cannot decompress ("
              + compression.name().toLowerCase(java.util.Locale.ROOT)
              + "): "
              + why.lines().findFirst().orElse(""));
    }
  }

  private static InputStream open(Compression compression, InputStream in) throws IOException {
    return switch (compression) {
      case XZ -> new XZInputStream(in, XZ_MEMORY_KIB);
      case ZSTD -> new ZstdInputStream(in);
      case GZIP -> new GZIPInputStream(in);
      case NONE -> in;
    };
  }

  private static byte[] readBounded(String file, InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 << 10];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
      if (total > limit) {
        throw ElfFile.bad(file, "decompresses to more than " + limit + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static boolean startsWith(byte[] raw, int... magic) {
    if (raw.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((raw[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
