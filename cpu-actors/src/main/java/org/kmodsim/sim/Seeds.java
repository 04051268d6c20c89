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
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return h;
  }
}
