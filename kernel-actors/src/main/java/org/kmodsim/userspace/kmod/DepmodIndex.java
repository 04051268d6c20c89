package org.kmodsim.userspace.kmod;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * kmod's binary index (the {@code .bin} files of depmod, tools/depmod.c index_insert and
 * index_write, read by libkmod-index.c): a trie of 7-bit ASCII keys whose nodes keep a prefix, a
 * range of children by character and a list of (priority, value) sorted by priority, written
 * post-order (children before their parent) in network byte order after a 12-byte header (magic
 * 0xB007F457, version 2.1, the root's offset). Each offset word carries the node's flags in its
 * high nibble (prefix 0x80000000, values 0x40000000, children 0x20000000). Pure; not thread-safe.
 */
public final class DepmodIndex {
  private static final int MAGIC = 0xB007F457;
  private static final int VERSION = 0x0002_0001;
  private static final int CHILDMAX = 128;
  private static final int NODE_PREFIX = 0x80000000;
  private static final int NODE_VALUES = 0x40000000;
  private static final int NODE_CHILDS = 0x20000000;

  /** struct index_node: prefix, values, children[first..last]. */
  private static final class Node {
    byte[] prefix;
    List<Value> values = new ArrayList<>();
    Node[] children = new Node[CHILDMAX];
    int first = CHILDMAX;
    int last;

    Node(byte[] prefix) {
      this.prefix = prefix;
    }
  }

  private record Value(int priority, byte[] value) {}

  private final Node root = new Node(new byte[0]);

  /**
   * index_insert: adds {@code value} under {@code key} with {@code priority}; true when the key
   * already had this value (depmod's "duplicate" warning with {@code -w}).
   *
   * @throws IllegalArgumentException for a character outside 7-bit ASCII (index__checkstring)
   */
  public boolean insert(String key, String value, int priority) {
    byte[] k = ascii(key);
    byte[] v = ascii(value);
    Node node = root;
    int i = 0;
    while (true) {
      int j = 0;
      for (; j < node.prefix.length; j++) {
        int ch = node.prefix[j];
        if (i + j >= k.length || ch != k[i + j]) {
          split(node, j);
          break;
        }
      }
      i += j;
      if (i == k.length) {
        return addValue(node, v, priority);
      }
      int ch = k[i];
      if (node.children[ch] == null) {
        node.first = Math.min(node.first, ch);
        node.last = Math.max(node.last, ch);
        Node child = new Node(java.util.Arrays.copyOfRange(k, i + 1, k.length));
        node.children[ch] = child;
        addValue(child, v, priority);
        return false;
      }
      node = node.children[ch];
      i++;
    }
  }

  /** The node keeps prefix[0..j); a new child at prefix[j] takes the rest and what it had. */
  private static void split(Node node, int j) {
    Node moved = new Node(java.util.Arrays.copyOfRange(node.prefix, j + 1, node.prefix.length));
    moved.values = node.values;
    moved.children = node.children;
    moved.first = node.first;
    moved.last = node.last;
    int ch = node.prefix[j];
    node.prefix = java.util.Arrays.copyOf(node.prefix, j);
    node.values = new ArrayList<>();
    node.children = new Node[CHILDMAX];
    node.children[ch] = moved;
    node.first = ch;
    node.last = ch;
  }

  /** index_add_value: before the first value of a higher priority (after equal ones). */
  private static boolean addValue(Node node, byte[] value, int priority) {
    boolean duplicate = false;
    for (Value v : node.values) {
      duplicate |= java.util.Arrays.equals(v.value(), value);
    }
    int at = 0;
    while (at < node.values.size()
        && Integer.compareUnsigned(node.values.get(at).priority(), priority) < 0) {
      at++;
    }
    node.values.add(at, new Value(priority, value));
    return duplicate;
  }

  /** index_write: the file's bytes. */
  public byte[] write() {
    Out out = new Out();
    out.u32(MAGIC);
    out.u32(VERSION);
    out.u32(0);
    int rootOffset = write(root, out);
    byte[] bytes = out.toByteArray();
    bytes[8] = (byte) (rootOffset >>> 24);
    bytes[9] = (byte) (rootOffset >>> 16);
    bytes[10] = (byte) (rootOffset >>> 8);
    bytes[11] = (byte) rootOffset;
    return bytes;
  }

  /** index_write__node: children first, then this node; its offset with the flags. */
  private static int write(Node node, Out out) {
    if (node == null) {
      return 0;
    }
    int childCount = node.first < CHILDMAX ? node.last - node.first + 1 : 0;
    int[] childOffsets = new int[childCount];
    for (int c = 0; c < childCount; c++) {
      childOffsets[c] = write(node.children[node.first + c], out);
    }
    int offset = out.size();
    if (node.prefix.length > 0) {
      out.write(node.prefix, 0, node.prefix.length);
      out.write(0);
      offset |= NODE_PREFIX;
    }
    if (childCount > 0) {
      out.write(node.first);
      out.write(node.last);
      for (int childOffset : childOffsets) {
        out.u32(childOffset);
      }
      offset |= NODE_CHILDS;
    }
    if (!node.values.isEmpty()) {
      out.u32(node.values.size());
      for (Value v : node.values) {
        out.u32(v.priority());
        out.write(v.value(), 0, v.value().length);
        out.write(0);
      }
      offset |= NODE_VALUES;
    }
    return offset;
  }

  private static byte[] ascii(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      if (b < 0 || b == 0) {
        throw new IllegalArgumentException(
            "Module index: bad character - only 7-bit ASCII is supported: " + text);
      }
    }
    return bytes;
  }

  private static final class Out extends ByteArrayOutputStream {
    Out() {
      super(1 << 16);
    }

    void u32(int value) {
      write(value >>> 24);
      write(value >>> 16);
      write(value >>> 8);
      write(value);
    }
  }
}
