package org.kmodsim.kernel.fs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class VfsNormalizeTest {

  @Test
  void collapsesRepeatedAndTrailingSlashesAndRootsRelativePaths() {
    assertThat(Vfs.normalize("/sys//module/")).isEqualTo("/sys/module");
    assertThat(Vfs.normalize("/proc/modules")).isEqualTo("/proc/modules");
    assertThat(Vfs.normalize("proc/modules/")).isEqualTo("/proc/modules");
    assertThat(Vfs.normalize("ab/")).isEqualTo("/ab");
    assertThat(Vfs.normalize("")).isEqualTo("/");
    assertThat(Vfs.normalize("///")).isEqualTo("/");
  }

  /** The regular-expression version Vfs.normalize replaced, as the reference. */
  private static String byRegex(String path) {
    String collapsed = path.replaceAll("/+", "/");
    if (collapsed.length() > 1 && collapsed.endsWith("/")) {
      collapsed = collapsed.substring(0, collapsed.length() - 1);
    }
    return collapsed.startsWith("/") ? collapsed : "/" + collapsed;
  }

  @Property
  void isWhatTheRegularExpressionVersionGave(@ForAll("paths") String path) {
    assertThat(Vfs.normalize(path)).isEqualTo(byRegex(path));
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.strings().withChars("/ab.").ofMaxLength(12);
  }
}
