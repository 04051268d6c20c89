package org.kmodsim.kernel.module;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.elf.KoFormatException;
import org.kmodsim.kernel.module.elf.KoModule;
import org.kmodsim.kernel.module.elf.KoReader;
import org.kmodsim.kernel.module.elf.ModuleImage;

/**
 * The kernel a real /lib/modules/VERSION tree was built for: a directory with a modules.order is a
 * tree, its release is its name (the link's target when it is a link), and its vermagic is the one
 * the first module of modules.order that reads was built with (the release's VERMAGIC_STRING, as
 * modpost wrote it into every module of the build). Anything else is the era's kernel. Pure (reads
 * the files once per directory).
 */
public final class KernelTree {
  private KernelTree() {}

  /** Whether the directory is a real tree (has a modules.order). */
  public static boolean isTree(String directory) {
    return !directory.isEmpty() && Files.isRegularFile(Paths.get(directory, "modules.order"));
  }

  /** The release uname(2) reports: the tree's name, or the era's. */
  public static String release(String directory, Era era) {
    if (isTree(directory)) {
      Path dir = Paths.get(directory);
      try {
        dir = dir.toRealPath();
      } catch (IOException e) {
        dir = dir.toAbsolutePath().normalize();
      }
      if (dir.getFileName() != null) {
        return dir.getFileName().toString();
      }
    }
    return era.release();
  }

  /** The kernel's vermagic: a tree module's, or the era's. */
  public static String vermagic(String directory, Era era) {
    if (!isTree(directory)) {
      return Modversions.vermagic(era);
    }
    String found = VERMAGIC.get(List.of(directory, era), k -> treeVermagic(directory));
    return found.isEmpty() ? Modversions.vermagic(era) : found;
  }

  private static final org.kmodsim.kernel.BuildCache<List<Object>, String> VERMAGIC =
      new org.kmodsim.kernel.BuildCache<>(16);

  private static String treeVermagic(String directory) {
    List<String> order;
    try {
      order = Files.readAllLines(Paths.get(directory, "modules.order"));
    } catch (IOException e) {
      return "";
    }
    for (String line : order) {
      for (String suffix : new String[] {"", ".xz", ".zst", ".gz"}) {
        Path file = Paths.get(directory, line.trim() + suffix);
        if (line.isBlank() || !Files.isRegularFile(file)) {
          continue;
        }
        try {
          if (Files.size(file) > ModuleImage.DEFAULT_LIMIT) {
            continue;
          }
          KoModule ko =
              KoReader.read(line.trim(), Files.readAllBytes(file), ModuleImage.DEFAULT_LIMIT);
          for (KoModule.Info info : ko.modinfo()) {
            if (info.key().equals("vermagic")) {
              return info.value();
            }
          }
        } catch (IOException | KoFormatException e) {
          // a module that does not read does not say what the kernel is: try the next
        }
      }
    }
    return "";
  }
}
