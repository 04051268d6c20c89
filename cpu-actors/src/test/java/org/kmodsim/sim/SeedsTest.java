package org.kmodsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeedsTest {

  /** FNV-1a over the UTF-8 bytes, written out: what every trace digest is made of. */
  private static long fnv1aOfUtf8(String text) {
    long h = 0xCBF29CE484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return h;
  }

  @Test
  void hashIsFnv1aOverUtf8BytesForAsciiAndOtherText() {
    for (String text :
        new String[] {
          "", "cpu0", "loader/load-hello", "try_module_get", "1.500 µs", "refcnt 0→1", "é", "\u007f"
        }) {
      assertEquals(fnv1aOfUtf8(text), Seeds.hash(text), text);
    }
  }

  @Test
  void hashOfAKnownStringIsTheSameInEveryBuild() {
    // FNV-1a 64 of "a" (the published test vector) and of the empty string (the offset basis).
    assertEquals(0xAF63DC4C8601EC8CL, Seeds.hash("a"));
    assertEquals(0xCBF29CE484222325L, Seeds.hash(""));
  }
}
