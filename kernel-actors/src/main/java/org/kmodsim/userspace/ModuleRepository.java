package org.kmodsim.userspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;

/**
 * The module directory, /lib/modules/$(uname -r): module files found by path (insmod) or by module
 * name (modprobe, modinfo NAME), and modules.dep computed from the files (depmod). The directory is
 * {@code kmodsim.modules.directory}; empty means the samples shipped in kmodsim (resources/modules,
 * listed in modules/index). Read-only; files are read when asked for.
 */
public final class ModuleRepository {
  private final String directory;
  private final Era era;

  public ModuleRepository(String directory, Era era) {
    this.directory = directory;
    this.era = era;
  }

  /**
   * A module file as found: the path shown by the tools, its name, its text, and its identity (the
   * inode finit_module sees: the absolute path on disk, or the path in the directory).
   */
  public record Found(String shownPath, String fileName, String text, String inode) {}

  /** The path user space shows for a file of the directory. */
  public String shownPath(String fileName) {
    return "/lib/modules/" + era.release() + "/" + fileName;
  }

  /** insmod FILE: a path on disk, else a file of the module directory; null when absent. */
  public Found file(String path) {
    Path onDisk = Paths.get(path);
    if (Files.isRegularFile(onDisk)) {
      return new Found(
          path,
          onDisk.getFileName().toString(),
          read(onDisk),
          onDisk.toAbsolutePath().normalize().toString());
    }
    String name = onDisk.getFileName() == null ? path : onDisk.getFileName().toString();
    String prefix = "/lib/modules/" + era.release() + "/";
    if (path.startsWith(prefix)) {
      name = path.substring(prefix.length());
    }
    String text = inDirectory(name);
    return text == null ? null : new Found(path, name, text, shownPath(name));
  }

  /**
   * modprobe NAME: the file whose module name is NAME ({@code -} and {@code _} alike), else the
   * first whose {@code alias} list has NAME (modules.alias).
   */
  public Found byName(String moduleName) {
    String wanted = moduleName.replace('-', '_');
    Found byAlias = null;
    for (Map.Entry<String, String> file : all().entrySet()) {
      try {
        ModuleDefinition def = ModuleFile.parse(file.getKey(), file.getValue(), era);
        if (def.name().equals(wanted)) {
          return new Found(
              shownPath(file.getKey()), file.getKey(), file.getValue(), shownPath(file.getKey()));
        }
        if (byAlias == null
            && def.aliases().stream().anyMatch(alias -> alias.replace('-', '_').equals(wanted))) {
          byAlias =
              new Found(
                  shownPath(file.getKey()),
                  file.getKey(),
                  file.getValue(),
                  shownPath(file.getKey()));
        }
      } catch (ModuleFile.ModuleFormatException e) {
        // a broken file is not the module asked for; depmod reports it
      }
    }
    return byAlias;
  }

  /** Every module file of the directory, by file name, in name order. */
  public Map<String, String> all() {
    Map<String, String> files = new LinkedHashMap<>();
    for (String name : names()) {
      String text = inDirectory(name);
      if (text != null) {
        files.put(name, text);
      }
    }
    return files;
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    if (directory.isEmpty()) {
      String index = resource("index");
      for (String line : index == null ? new String[0] : index.split("\n")) {
        if (!line.isBlank()) {
          names.add(line.trim());
        }
      }
      return names;
    }
    try (Stream<Path> files = Files.list(Paths.get(directory))) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".conf"))
          .sorted()
          .forEach(names::add);
    } catch (IOException e) {
      return names;
    }
    return names;
  }

  private String inDirectory(String name) {
    if (directory.isEmpty()) {
      return resource(name);
    }
    Path path = Paths.get(directory, name);
    return Files.isRegularFile(path) ? read(path) : null;
  }

  /** The module files shipped in the jar, read once per JVM. */
  private static final org.kmodsim.kernel.BuildCache<String, String> SHIPPED =
      new org.kmodsim.kernel.BuildCache<>(256);

  private static String resource(String name) {
    return SHIPPED.get(name, ModuleRepository::readResource);
  }

  private static String readResource(String name) {
    try (InputStream in = ModuleRepository.class.getResourceAsStream("/modules/" + name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
