package org.kmodsim.kernel.kallsyms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kmodsim.kernel.BuildCache;

/**
 * Module.symvers (scripts/mod/modpost.c, write_dump): {@code 0xCRC<TAB>symbol<TAB>module<TAB>
 * EXPORT_SYMBOL[_GPL]<TAB>namespace}, one export per line (before 5.4 without the namespace). The
 * lines of {@code vmlinux} are the kernel's own export table, which a real module's __versions is
 * checked against. Pure; a file is read once per JVM while its size and time stay the same.
 */
public final class Symvers {
  private Symvers() {}

  /** One export of vmlinux. */
  public record Export(String symbol, long crc, boolean gplOnly, String namespace) {}

  /** A Module.symvers that does not read: the message names the file and line. */
  public static final class SymversException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SymversException(String message) {
      super(message);
    }
  }

  private static final BuildCache<List<Object>, List<Export>> READ = new BuildCache<>(8);

  /**
   * The Module.symvers of a real module tree: {@code DIR/build/Module.symvers} (the kernel's build
   * directory), else {@code DIR/Module.symvers}; "" when there is none.
   */
  public static String locate(String directory) {
    if (directory.isEmpty()) {
      return "";
    }
    for (String candidate : new String[] {"build/Module.symvers", "Module.symvers"}) {
      Path path = Paths.get(directory, candidate);
      if (Files.isRegularFile(path)) {
        return path.toString();
      }
    }
    return "";
  }

  /**
   * The vmlinux exports of the file. Throws {@link SymversException} for a line that is not one.
   */
  public static List<Export> vmlinux(String file) {
    Path path = Paths.get(file);
    List<Object> key;
    try {
      key =
          List.of(
              path.toAbsolutePath().toString(),
              Files.size(path),
              Files.getLastModifiedTime(path).toMillis());
    } catch (IOException e) {
      throw new SymversException(file + ": cannot read: " + e.getMessage());
    }
    return READ.get(key, k -> parse(file, read(path)));
  }

  static List<Export> parse(String file, String text) {
    List<Export> exports = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 4 || !f[0].startsWith("0x")) {
        throw new SymversException(
            file + ":" + number + ": not a Module.symvers line (0xCRC, symbol, module, export)");
      }
      long crc;
      try {
        crc = Long.parseLong(f[0].substring(2), 16) & 0xffffffffL;
      } catch (NumberFormatException e) {
        throw new SymversException(file + ":" + number + ": bad CRC '" + f[0] + "'");
      }
      if (f[2].equals("vmlinux")) {
        exports.add(new Export(f[1], crc, f[3].endsWith("_GPL"), f.length > 4 ? f[4] : ""));
      }
    }
    return List.copyOf(exports);
  }

  /**
   * The kernel's symbols with vmlinux's exports of {@code exports} (their CRCs, kind, namespace).
   */
  static List<KernelSymbol> overlay(List<KernelSymbol> builtins, List<Export> exports) {
    Map<String, Integer> index = new HashMap<>();
    List<KernelSymbol> out = new ArrayList<>(builtins);
    long next = 0;
    for (int i = 0; i < out.size(); i++) {
      index.putIfAbsent(out.get(i).name(), i);
      next = Math.max(next, out.get(i).address() + Math.max(out.get(i).size(), 0x10));
    }
    next = (next + 0xfff) & ~0xfffL;
    for (Export e : exports) {
      Integer at = index.get(e.symbol());
      if (at != null) {
        KernelSymbol s = out.get(at);
        out.set(
            at,
            new KernelSymbol(
                s.name(),
                s.address(),
                s.type(),
                s.owner(),
                true,
                e.gplOnly(),
                e.namespace(),
                e.crc(),
                s.size()));
      } else {
        index.put(e.symbol(), out.size());
        out.add(
            new KernelSymbol(
                e.symbol(), next, 'T', null, true, e.gplOnly(), e.namespace(), e.crc(), 0x10));
        next += 0x10;
      }
    }
    return out;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SymversException(path + ": cannot read: " + e.getMessage());
    }
  }
}
