package org.kmodsim.userspace.kmod;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code modprobe -c} (--showconfig, --show-config) as kmod 30 prints it (tools/modprobe.c
 * show_config): each kmod_config iterator in the order blacklist, install, remove, alias, options,
 * softdep as {@code "%s %s"} of its name and key, then {@code ' '} and the value with puts (a
 * blacklist has no value: a bare newline); softdep's value is libkmod-config.c softdep_to_char's
 * {@code "pre: A B"} followed straight by {@code "post: C"} (kmod 30 writes no space between the
 * two lists); then {@code puts("\n# End of configuration files. Dumping indexes now:\n")} and
 * kmod_dump_index of modules.alias.bin and modules.symbols.bin, each with the prefix {@code "alias
 * "} (libkmod.c index_files), as libkmod-index.c index_mm_dump_node walks the trie: a node's values
 * before its children, children by ascending character. A missing or malformed index (bad magic or
 * version: index_mm_open fails, and so does index_file_open) dumps nothing. Pure.
 */
final class KmodShowConfig {
  private static final int MAGIC = 0xB007F457;
  private static final int VERSION_MAJOR = 0x0002;
  private static final int NODE_PREFIX = 0x80000000;
  private static final int NODE_VALUES = 0x40000000;
  private static final int NODE_CHILDS = 0x20000000;
  private static final int NODE_MASK = 0x0FFFFFFF;

  private KmodShowConfig() {}

  /** The whole output, with the tree's two index files (null: absent). */
  static String show(ModprobeConfig config, byte[] aliasBin, byte[] symbolsBin) {
    StringBuilder out = new StringBuilder();
    config.blacklist().forEach(name -> out.append("blacklist ").append(name).append('\n'));
    for (ModprobeConfig.Command install : config.installs()) {
      line(out, "install", install.modname(), install.command());
    }
    for (ModprobeConfig.Command remove : config.removes()) {
      line(out, "remove", remove.modname(), remove.command());
    }
    for (ModprobeConfig.Alias alias : config.aliases()) {
      line(out, "alias", alias.pattern(), alias.modname());
    }
    for (ModprobeConfig.Options options : config.options()) {
      // kmod_config_add_options: strchr_replace(opt->options, '\t', ' ')
      line(out, "options", options.modname(), options.options().replace('\t', ' '));
    }
    for (ProbeList.Softdep softdep : config.softdeps()) {
      line(out, "softdep", softdep.pattern(), softdepToChar(softdep));
    }
    out.append("\n# End of configuration files. Dumping indexes now:\n\n");
    out.append(dump(aliasBin, "alias ")).append(dump(symbolsBin, "alias "));
    return out.toString();
  }

  private static void line(StringBuilder out, String name, String key, String value) {
    out.append(name).append(' ').append(key).append(' ').append(value).append('\n');
  }

  /** softdep_to_char (kmod 30): "pre: " and the list, then "post: " and the list, no separator. */
  static String softdepToChar(ProbeList.Softdep softdep) {
    String pre = softdep.pre().isEmpty() ? "" : "pre: " + String.join(" ", softdep.pre());
    String post = softdep.post().isEmpty() ? "" : "post: " + String.join(" ", softdep.post());
    return pre + post;
  }

  /**
   * index_mm_dump: every (key, value) of a kmod index as {@code PREFIX KEY VALUE\n}, or "" for a
   * missing or malformed file. Offsets past the end or a node visited twice end the walk there.
   */
  static String dump(byte[] bin, String prefix) {
    if (bin == null || bin.length < 12) {
      return "";
    }
    ByteBuffer buffer = ByteBuffer.wrap(bin);
    if (buffer.getInt(0) != MAGIC || (buffer.getInt(4) >>> 16) != VERSION_MAJOR) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream key = new ByteArrayOutputStream();
    key.writeBytes(prefix.getBytes(StandardCharsets.US_ASCII));
    new Walk(buffer, out).node(buffer.getInt(8), key.toByteArray(), 0);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static final class Walk {
    private final ByteBuffer bin;
    private final ByteArrayOutputStream out;
    private int budget;

    Walk(ByteBuffer bin, ByteArrayOutputStream out) {
      this.bin = bin;
      this.out = out;
      this.budget = bin.capacity();
    }

    void node(int word, byte[] key, int depth) {
      int offset = word & NODE_MASK;
      if (offset < 12 || offset >= bin.capacity() || --budget < 0 || depth > bin.capacity()) {
        return;
      }
      int at = offset;
      byte[] full = key;
      if ((word & NODE_PREFIX) != 0) {
        int end = nul(at);
        if (end < 0) {
          return;
        }
        full = concat(key, bin.array(), at, end - at);
        at = end + 1;
      }
      int first = 0;
      int last = -1;
      int children = 0;
      if ((word & NODE_CHILDS) != 0) {
        if (at + 2 > bin.capacity()) {
          return;
        }
        first = bin.get(at) & 0xff;
        last = bin.get(at + 1) & 0xff;
        children = at + 2;
        at = children + 4 * Math.max(0, last - first + 1);
      }
      if ((word & NODE_VALUES) != 0) {
        if (at + 4 > bin.capacity()) {
          return;
        }
        int count = bin.getInt(at);
        at += 4;
        for (int i = 0; i < count && at + 4 <= bin.capacity(); i++) {
          int end = nul(at + 4);
          if (end < 0) {
            return;
          }
          out.writeBytes(full);
          out.write(' ');
          out.write(bin.array(), at + 4, end - at - 4);
          out.write('\n');
          at = end + 1;
        }
      }
      for (int ch = first; ch <= last && children + 4 * (ch - first) + 4 <= bin.capacity(); ch++) {
        int child = bin.getInt(children + 4 * (ch - first));
        if (child != 0) {
          byte[] next = concat(full, new byte[] {(byte) ch}, 0, 1);
          node(child, next, depth + 1);
        }
      }
    }

    private int nul(int from) {
      for (int i = from; i < bin.capacity(); i++) {
        if (bin.get(i) == 0) {
          return i;
        }
      }
      return -1;
    }
  }

  private static byte[] concat(byte[] head, byte[] tail, int at, int length) {
    byte[] joined = java.util.Arrays.copyOf(head, head.length + length);
    System.arraycopy(tail, at, joined, head.length, length);
    return joined;
  }
}
