package org.kmodsim.kernel.module;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.kmodsim.kernel.Era;

/** Reads the sample module files shipped in resources/modules. */
final class Samples {
  private Samples() {}

  static String text(String file) {
    try (InputStream in = Samples.class.getResourceAsStream("/modules/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ModuleDefinition load(String file, Era era) {
    return ModuleFile.parse(file, text(file), era);
  }
}
