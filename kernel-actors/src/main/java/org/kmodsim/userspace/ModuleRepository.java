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
import org.kmodsim.kernel.module.KoDefinition;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.elf.KoFormatException;
import org.kmodsim.kernel.module.elf.KoModule;
import org.kmodsim.kernel.module.elf.KoReader;
import org.kmodsim.kernel.module.elf.ModuleImage;

/**
 * The module directory, /lib/modules/$(uname -r): module files found by path (insmod) or by module
 * name (modprobe, modinfo NAME), and modules.dep computed from the files (depmod). The directory is
 * {@code kmodsim.modules.directory}; empty means the samples shipped in kmodsim (resources/modules,
 * listed in modules/index). Read-only: the directory is listed once, each file read when first
 * asked for.
 */
public final class ModuleRepository {
  private final String directory;
  private final Era era;
  private final long realInitCost;

  /** The default cost of a real module's init ({@code kmodsim.modules.real-init-cost}). */
  public static final long REAL_INIT_COST = 1_000_000;

  public ModuleRepository(String directory, Era era) {
    this(directory, era, REAL_INIT_COST);
  }

  /**
   * @param realInitCost what the init of a real module without a sidecar costs, in nanoseconds
   */
  public ModuleRepository(String directory, Era era, long realInitCost) {
    this.directory = directory;
    this.era = era;
    this.realInitCost = realInitCost;
  }

  /**
   * A module file as found: the path shown by the tools, its name, its text (null for a real
   * module), and its identity (the inode finit_module sees: the absolute path on disk, or the path
   * in the directory). A real module ({@code .ko}, {@code .ko.xz}, {@code .ko.zst}, {@code .ko.gz},
   * or a 2.4 {@code .o}) carries its bytes and the sidecar module file next to it, if any.
   */
  public record Found(
      String shownPath, String fileName, String text, String inode, RealModule real) {
    public Found(String shownPath, String fileName, String text, String inode) {
      this(shownPath, fileName, text, inode, null);
    }

    /** The module as the loader takes it: a module file, or a real module converted. */
    public ModuleDefinition definition(Era era) {
      return real == null ? ModuleFile.parse(fileName, text, era) : real.definition(fileName, era);
    }

    /**
     * The real module's contents, for modinfo; null for a module file (HOCON). Throws {@link
     * KoFormatException} when it does not read.
     */
    public KoModule ko() {
      return real == null ? null : real.ko(fileName);
    }
  }

  /**
   * A real module: its file, its sidecar module file ({@code FILE.conf}) and the init cost. The
   * file is read and parsed once per JVM while its size and modification time stay the same.
   */
  public record RealModule(Path path, String sidecarName, String sidecarText, long initCost) {
    /** Throws {@link KoFormatException} for a file that does not read. */
    KoModule ko(String fileName) {
      List<Object> key;
      try {
        key =
            List.of(
                path.toAbsolutePath().normalize().toString(),
                fileName,
                Files.size(path),
                Files.getLastModifiedTime(path).toMillis());
      } catch (IOException e) {
        throw new KoFormatException(fileName, "cannot read: " + e.getMessage(), false);
      }
      return PARSED_KO.get(
          key, k -> KoReader.read(fileName, readKo(fileName), ModuleImage.DEFAULT_LIMIT));
    }

    private byte[] readKo(String fileName) {
      try {
        if (Files.size(path) > ModuleImage.DEFAULT_LIMIT) {
          throw new KoFormatException(
              fileName, "module is larger than " + ModuleImage.DEFAULT_LIMIT + " bytes", false);
        }
        return Files.readAllBytes(path);
      } catch (IOException e) {
        throw new KoFormatException(fileName, "cannot read: " + e.getMessage(), false);
      }
    }

    ModuleDefinition definition(String fileName, Era era) {
      String[] sidecar = sidecarText == null ? null : new String[] {sidecarName, sidecarText};
      try {
        return KoDefinition.of(ko(fileName), fileName, sidecar, era, initCost);
      } catch (KoFormatException e) {
        throw new ModuleFile.ModuleFormatException(e.getMessage());
      }
    }
  }

  /** Real modules read, by (path, name, size, modification time): a tree of 1,100 is read once. */
  private static final org.kmodsim.kernel.BuildCache<List<Object>, KoModule> PARSED_KO =
      new org.kmodsim.kernel.BuildCache<>(4096);

  /** The path user space shows for a file of the directory. */
  public String shownPath(String fileName) {
    return "/lib/modules/" + release() + "/" + fileName;
  }

  /**
   * The release whose /lib/modules the directory is: a real tree (one with a modules.order) is
   * shown under its own name, /lib/modules/VERSION; anything else under the era's release.
   */
  public String release() {
    if (!directory.isEmpty() && Files.isRegularFile(Paths.get(directory, "modules.order"))) {
      // a link to the tree (target/real-modules/tree) is shown under the tree's own name
      Path name = real(Paths.get(directory)).toAbsolutePath().normalize().getFileName();
      if (name != null) {
        return name.toString();
      }
    }
    return era.release();
  }

  /** insmod FILE: a path on disk, else a file of the module directory; null when absent. */
  public Found file(String path) {
    Path onDisk = Paths.get(path);
    if (Files.isRegularFile(onDisk)) {
      return found(path, onDisk.getFileName().toString(), onDisk, absolute(onDisk));
    }
    String name = onDisk.getFileName() == null ? path : onDisk.getFileName().toString();
    String prefix = "/lib/modules/" + release() + "/";
    if (path.startsWith(prefix)) {
      name = path.substring(prefix.length());
    }
    return inDirectory(name, path);
  }

  /**
   * modprobe NAME: the file whose module name is NAME ({@code -} and {@code _} alike), else the
   * first whose {@code alias} list has NAME (modules.alias).
   */
  public Found byName(String moduleName) {
    String wanted = moduleName.replace('-', '_');
    Index index = index();
    Found byName = index.names().get(wanted);
    return byName != null ? byName : index.aliases().get(wanted);
  }

  /** The module files by module name and by alias (first file wins), built once. */
  private record Index(Map<String, Found> names, Map<String, Found> aliases) {}

  private Index index;

  private synchronized Index index() {
    if (index == null) {
      Map<String, Found> names = new LinkedHashMap<>();
      Map<String, Found> aliases = new LinkedHashMap<>();
      for (Found file : files()) {
        try {
          ModuleDefinition def = file.definition(era);
          names.putIfAbsent(def.name(), file);
          def.aliases().forEach(alias -> aliases.putIfAbsent(alias.replace('-', '_'), file));
        } catch (ModuleFile.ModuleFormatException e) {
          // a broken file is not the module asked for; depmod reports it
        }
      }
      index = new Index(names, aliases);
    }
    return index;
  }

  /** A file at the top of the module directory (modules.order), or null. */
  public String treeFile(String name) {
    if (directory.isEmpty()) {
      return null;
    }
    Path path = Paths.get(directory, name);
    return Files.isRegularFile(path) ? read(path) : null;
  }

  /** A file at the top of the module directory as bytes (modules.builtin.modinfo), or null. */
  public byte[] treeBytes(String name) {
    if (directory.isEmpty()) {
      return null;
    }
    Path path = Paths.get(directory, name);
    return Files.isRegularFile(path) ? bytes(path) : null;
  }

  /** The module directory on disk, or null for the samples shipped in kmodsim. */
  public Path directory() {
    return directory.isEmpty() ? null : Paths.get(directory);
  }

  /** Every module file of the directory, in name order. */
  public synchronized List<Found> files() {
    if (files == null) {
      List<Found> found = new ArrayList<>();
      for (String name : names()) {
        Found file = inDirectory(name, shownPath(name));
        if (file != null) {
          found.add(file);
        }
      }
      files = List.copyOf(found);
    }
    return files;
  }

  /** The directory's files, listed once: the machine's /lib/modules does not change under it. */
  private List<Found> files;

  /** Every module file of the directory by file name, its text (null for a real module). */
  public Map<String, String> all() {
    Map<String, String> files = new LinkedHashMap<>();
    for (Found file : files()) {
      files.put(file.fileName(), file.text());
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
    try (Stream<Path> files = Files.walk(real(Paths.get(directory)), MAX_DEPTH)) {
      files
          .filter(Files::isRegularFile)
          .map(p -> real(Paths.get(directory)).relativize(p).toString())
          .filter(ModuleRepository::isModuleName)
          .sorted()
          .forEach(names::add);
    } catch (IOException e) {
      return names;
    }
    return names;
  }

  /** How deep a module directory is searched (a real tree: kernel/drivers/net/ethernet/...). */
  private static final int MAX_DEPTH = 12;

  private static final java.util.regex.Pattern REAL =
      java.util.regex.Pattern.compile(".*\\.(ko(\\.xz|\\.zst|\\.gz)?|o)");

  /**
   * A module file's name: {@code *.conf} (not a sidecar), {@code *.ko[.xz|.zst|.gz]}, {@code *.o}.
   */
  static boolean isModuleName(String name) {
    if (name.endsWith(".conf")) {
      return !REAL.matcher(name.substring(0, name.length() - 5)).matches();
    }
    return REAL.matcher(name).matches();
  }

  private Found inDirectory(String name, String shown) {
    if (directory.isEmpty()) {
      String text = resource(name);
      return text == null ? null : new Found(shown, name, text, shownPath(name));
    }
    Path path = Paths.get(directory, name);
    return Files.isRegularFile(path) ? found(shown, name, path, shownPath(name)) : null;
  }

  /** A file on disk: a real module by its name or magic bytes, else a module file's text. */
  private Found found(String shown, String name, Path path, String inode) {
    if (!REAL.matcher(name).matches()) {
      byte[] raw = bytes(path);
      if (raw == null) {
        return null;
      }
      if (!ModuleImage.isBinaryModule(raw)) {
        return new Found(shown, name, new String(raw, StandardCharsets.UTF_8), inode);
      }
    }
    Path sidecar = path.resolveSibling(path.getFileName() + ".conf");
    String sidecarText = Files.isRegularFile(sidecar) ? read(sidecar) : null;
    return new Found(
        shown, name, null, inode, new RealModule(path, name + ".conf", sidecarText, realInitCost));
  }

  /**
   * The directory itself when it is a symbolic link; links inside (build, source) are not followed.
   */
  private static Path real(Path directory) {
    try {
      return directory.toRealPath();
    } catch (IOException e) {
      return directory;
    }
  }

  private static String absolute(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }

  private static byte[] bytes(Path path) {
    try {
      if (Files.size(path) > ModuleImage.DEFAULT_LIMIT) {
        return null;
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      return null;
    }
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
