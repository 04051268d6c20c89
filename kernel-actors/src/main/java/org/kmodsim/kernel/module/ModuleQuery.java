package org.kmodsim.kernel.module;

import java.util.ArrayList;
import java.util.List;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.kallsyms.SymbolTable;

/**
 * 2.4 query_module (kernel/module.c sys_query_module and its qm_modules, qm_deps, qm_refs,
 * qm_symbols, qm_info): what the call returns and what it leaves in the caller's buffer and in
 * {@code *ret}. Sizes are those of i386, the 2.4 reference machine: 4-byte pointers, a 16-byte
 * struct module_info. Pure.
 */
public final class ModuleQuery {
  private ModuleQuery() {}

  public static final int QM_MODULES = 1;
  public static final int QM_DEPS = 2;
  public static final int QM_REFS = 3;
  public static final int QM_SYMBOLS = 4;
  public static final int QM_INFO = 5;

  /** sizeof(struct module_info) on i386: address, size, flags, usecount. */
  public static final int MODULE_INFO_SIZE = 16;

  private static final int POINTER_SIZE = 4;

  /** include/linux/module.h (2.4) flag bits, in bit order. */
  public static final int MOD_RUNNING = 1;

  public static final int MOD_DELETED = 2;
  public static final int MOD_AUTOCLEAN = 4;
  public static final int MOD_VISITED = 8;
  public static final int MOD_USED_ONCE = 16;
  public static final int MOD_JUST_FREED = 32;
  public static final int MOD_INITIALIZING = 64;

  private static final String[] FLAG_NAMES = {
    "MOD_RUNNING",
    "MOD_DELETED",
    "MOD_AUTOCLEAN",
    "MOD_VISITED",
    "MOD_USED_ONCE",
    "MOD_JUST_FREED",
    "MOD_INITIALIZING"
  };

  /**
   * What sys_query_module returned: {@code result} 0 or -errno; {@code ret} what it stored in
   * {@code *ret} (a count, a size, or the size needed after ENOSPC; -1 when it stored nothing);
   * {@code buffer} the buffer's contents, one entry per line (empty unless the call succeeded).
   */
  public record Answer(long result, long ret, List<String> buffer) {
    public Answer {
      buffer = List.copyOf(buffer);
    }

    public static Answer failed(Errno errno) {
      return new Answer(errno.negative(), -1, List.of());
    }
  }

  /** {@code which} as a number: 0..5 or the QM_ names; -1 when it is neither. */
  public static int which(String text) {
    String[] names = {"0", "QM_MODULES", "QM_DEPS", "QM_REFS", "QM_SYMBOLS", "QM_INFO"};
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(text)) {
        return i;
      }
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The name of a {@code which} value as the header of a call shows it. */
  public static String whichName(int which) {
    String[] names = {"0", "QM_MODULES", "QM_DEPS", "QM_REFS", "QM_SYMBOLS", "QM_INFO"};
    return which >= 0 && which < names.length ? names[which] : Integer.toString(which);
  }

  /**
   * qm_modules, qm_deps, qm_refs: NUL-terminated names one after the other; {@code *ret} the count,
   * or after ENOSPC the bytes all of them need. {@code bufsize} &lt; 0: large enough.
   */
  public static Answer names(List<String> names, long bufsize) {
    long needed = 0;
    for (String name : names) {
      needed += name.length() + 1;
    }
    if (bufsize >= 0 && needed > bufsize) {
      return new Answer(Errno.ENOSPC.negative(), needed, List.of());
    }
    return new Answer(0, names.size(), names);
  }

  /**
   * qm_symbols: a (value, name offset) pair per symbol, then the names; {@code *ret} the count, or
   * after ENOSPC the bytes needed. Each entry is shown as {@code /proc/ksyms} shows it.
   */
  public static Answer symbols(List<Long> values, List<String> names, long bufsize) {
    long needed = (long) names.size() * 2 * POINTER_SIZE;
    for (String name : names) {
      needed += name.length() + 1;
    }
    if (bufsize >= 0 && needed > bufsize) {
      return new Answer(Errno.ENOSPC.negative(), needed, List.of());
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      lines.add(String.format("%08x %s", values.get(i), names.get(i)));
    }
    return new Answer(0, names.size(), lines);
  }

  /**
   * query_module(name, QM_SYMBOLS) against kallsyms' table: the exports of {@code module} (null: of
   * the kernel) with their /proc/ksyms names.
   */
  public record Symbols(String module, long bufsize, boolean modversions)
      implements Kallsyms.Query<Answer> {
    @Override
    public Answer answer(SymbolTable table) {
      List<Long> values = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (KernelSymbol symbol : table.exports(module)) {
        values.add(symbol.address());
        names.add(SymbolTable.versioned(symbol, modversions));
      }
      return symbols(values, names, bufsize);
    }
  }

  /** qm_info: address, size, flags and the usecount; {@code *ret} is always the struct's size. */
  public static Answer info(long address, long size, int flags, long usecount, long bufsize) {
    if (bufsize >= 0 && bufsize < MODULE_INFO_SIZE) {
      return new Answer(Errno.ENOSPC.negative(), MODULE_INFO_SIZE, List.of());
    }
    return new Answer(
        0,
        MODULE_INFO_SIZE,
        List.of(
            String.format(
                "address 0x%08x size %d flags %s usecount %d",
                address, size, flagNames(flags), usecount)));
  }

  /** {@code MOD_RUNNING|MOD_AUTOCLEAN}; {@code MOD_UNINITIALIZED} for none. */
  static String flagNames(int flags) {
    List<String> names = new ArrayList<>();
    for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
      if ((flags & (1 << bit)) != 0) {
        names.add(FLAG_NAMES[bit]);
      }
    }
    return names.isEmpty() ? "MOD_UNINITIALIZED" : String.join("|", names);
  }

  /**
   * The call as the {@code query_module} step prints it, strace-like: the call and its return value
   * (with {@code *ret}), then the buffer, one entry per line.
   */
  public static String render(String name, int which, long bufsize, Answer answer) {
    StringBuilder out = new StringBuilder("query_module(");
    out.append(name == null ? "NULL" : "\"" + name + "\"").append(", ").append(whichName(which));
    if (bufsize >= 0) {
      out.append(", ").append(bufsize);
    }
    out.append(") = ");
    if (answer.result() < 0) {
      Errno errno = Errno.ofNumber((int) -answer.result());
      out.append("-1 ").append(errno.name()).append(" (").append(errno.message()).append(')');
    } else {
      out.append(answer.result());
    }
    if (answer.ret() >= 0) {
      out.append(", ret = ").append(answer.ret());
    }
    out.append('\n');
    for (String line : answer.buffer()) {
      out.append(line).append('\n');
    }
    return out.toString();
  }
}
