package org.kmodsim.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Java 17 idioms the bytecode rules cannot see, checked in the sources of every module: switches
 * use arrow labels ({@code case X ->}), never the old {@code case X:} with its fall-through, so
 * that a label's body cannot run into the next one by a forgotten break. Source files over 450
 * lines in src/main are refused too (the style's limit on one concern per file).
 */
class SourceIdiomsTest {
  private static final Pattern OLD_LABEL =
      Pattern.compile("^\\s*(case\\s+[^\"'>]*|default)\\s*:(\\s*//.*)?$");
  private static final int MAIN_FILE_LINES_MAX = 450;

  @Test
  void switchesUseArrowLabels() {
    List<String> old = new ArrayList<>();
    for (Path file : sources("src/main/java", "src/test/java")) {
      List<String> lines = read(file);
      for (int i = 0; i < lines.size(); i++) {
        if (OLD_LABEL.matcher(lines.get(i)).matches()) {
          old.add(root().relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertThat(old).as("old-style case labels (write case X -> ...)").isEmpty();
  }

  @Test
  void mainSourceFilesStayUnderTheLimit() {
    List<String> long_ = new ArrayList<>();
    for (Path file : sources("src/main/java")) {
      int lines = read(file).size();
      if (lines > MAIN_FILE_LINES_MAX) {
        long_.add(root().relativize(file) + ": " + lines + " lines");
      }
    }
    assertThat(long_).as("src/main files over " + MAIN_FILE_LINES_MAX + " lines").isEmpty();
  }

  /** The reactor's root: the test runs in scenarios/. */
  private static Path root() {
    return Path.of("").toAbsolutePath().getParent();
  }

  private static List<Path> sources(String... trees) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root())) {
      for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
        for (String tree : trees) {
          Path dir = module.resolve(tree);
          if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
              walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(files).as("sources found under " + root()).isNotEmpty();
    return files;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
