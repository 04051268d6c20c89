package org.kmodsim.sim;

import java.nio.charset.StandardCharsets;

/** Stable seed arithmetic: the same seed and name give the same stream on every JVM. */
public final class Seeds {
  private Seeds() {}

  /** SplitMix64 finaliser over the two inputs. */
  public static long mix(long seed, long salt) {
    long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** FNV-1a over the UTF-8 bytes: unlike hashCode of an object, stable across runs. */
  public static long hash(String text) {
    long h = 0xCBF29CE484222325L;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return hashUtf8(text); // not ASCII: hash the encoded bytes, as below
      }
      h ^= c; // an ASCII character is its own UTF-8 byte
      h *= 0x100000001B3L;
    }
    return h;
  }

  private static long hashUtf8(String text) {
    long h = 0xCBF29CE484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return h;
  }
}
