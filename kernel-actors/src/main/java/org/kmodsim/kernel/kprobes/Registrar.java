package org.kmodsim.kernel.kprobes;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.TreeMap;
import org.kmodsim.cpu.Bug;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.Kallsyms;
import org.kmodsim.kernel.kallsyms.KernelSymbol;

/**
 * The rules of register_kprobe() and register_kretprobe() (kernel/kprobes.c _kprobe_addr,
 * kprobe_on_func_entry, check_kprobe_address_safe, arch_prepare_kprobe's can_probe) and the
 * registrations waiting for kallsyms. Pure; the {@link KprobeManager} does the messaging.
 */
final class Registrar {
  static final long KRETPROBE_MAX_DATA_SIZE = 4096;

  /** A registration waiting for a kallsyms answer; {@code address} once known. */
  record Pending(KprobeManager.Register register, boolean byAddress, long address) {}

  sealed interface Step {}

  /** Ask kallsyms which symbol contains {@code address}. */
  record LookUpAddress(long address) implements Step {}

  /** Refused; {@code addressWritten} when kp.addr was already filled in. */
  record Fail(Errno errno, boolean addressWritten, long address) implements Step {}

  /** Resolved: the probe goes at {@code address} inside {@code symbol}. */
  record Place(KernelSymbol symbol, long address, boolean ftrace) implements Step {}

  private final KprobeEra era;
  private final Blacklist blacklist;
  private final int defaultMaxactive;
  private final TreeMap<Long, Pending> pending = new TreeMap<>();

  /** The registration waiting for each kallsyms answer, in request order (answered in order). */
  private final ArrayDeque<Long> asked = new ArrayDeque<>();

  private long requests;
  private long ids;

  Registrar(KprobeEra era, Blacklist blacklist, int defaultMaxactive) {
    this.era = era;
    this.blacklist = blacklist;
    this.defaultMaxactive = defaultMaxactive;
  }

  Blacklist blacklist() {
    return blacklist;
  }

  /**
   * Refused before kallsyms is asked: no kprobes (-ENOSYS), both or neither of addr and symbol_name
   * (-EINVAL), too many registrations waiting (-EAGAIN); else null.
   */
  Errno refuse(ProbeSpec spec, int pendingMax) {
    if (!era.hasKprobes()) {
      return era.stubErrno();
    }
    if ((spec.symbolName() == null) == (spec.addr() == null)) {
      return Errno.EINVAL;
    }
    return pending.size() >= pendingMax ? Errno.EAGAIN : null;
  }

  long begin(KprobeManager.Register register) {
    ProbeSpec spec = register.spec();
    boolean byAddress = spec.addr() != null;
    long address = byAddress ? spec.addr() + spec.offset() : 0;
    pending.put(++requests, new Pending(register, byAddress, address));
    return requests;
  }

  /** Kallsyms was asked on behalf of registration {@code request}. */
  void asked(long request) {
    asked.addLast(request);
  }

  /** The registration the next kallsyms answer is for. */
  long answered() {
    Long request = asked.pollFirst();
    Bug.on(request == null, "kallsyms answered a question nobody asked");
    return request;
  }

  Pending pending(long request) {
    Pending found = pending.get(request);
    Bug.on(found == null, "kallsyms answered an unknown registration");
    return found;
  }

  void finish(long request) {
    pending.remove(request);
  }

  int pendingCount() {
    return pending.size();
  }

  long nextId() {
    return ++ids;
  }

  /** The next step once kallsyms answered. */
  Step resolved(long request, Kallsyms.SymbolReply reply) {
    Pending waiting = pending(request);
    ProbeSpec spec = waiting.register().spec();
    if (!(reply instanceof Kallsyms.Found found)) {
      // By name: unknown. By address: 6.x re-splits it with kallsyms_lookup_size_offset
      // (-ENOENT); older kernels fill in kp.addr and find it is not kernel text (-EINVAL).
      return !waiting.byAddress()
          ? new Fail(era.unknownSymbol(), false, 0)
          : era.ibt()
              ? new Fail(Errno.ENOENT, false, 0)
              : new Fail(Errno.EINVAL, true, waiting.address());
    }
    KernelSymbol symbol = found.symbol();
    if (waiting.byAddress()) {
      return place(spec, symbol, waiting.address());
    }
    long address = symbol.address() + spec.offset();
    if (spec.offset() < 0 || spec.offset() >= Math.max(1, symbol.size())) {
      pending.put(request, new Pending(waiting.register(), true, address));
      return new LookUpAddress(address);
    }
    return place(spec, symbol, address);
  }

  private Step place(ProbeSpec spec, KernelSymbol symbol, long address) {
    long offset = address - symbol.address();
    InstructionBoundaries code = InstructionBoundaries.of(symbol.name(), symbol.size(), era.era());
    if (era.ibt() && symbol.isText() && offset == 0 && code.startsWithEndbr()) {
      address += 4; // arch_adjust_kprobe_addr: function entry is past the ENDBR64
      offset = 4;
    }
    if (spec.kretprobe()) {
      boolean entry = offset == 0 || (era.ibt() && offset == 4);
      if (!entry) {
        return new Fail(Errno.EINVAL, false, 0);
      }
      if (era.limitsDataSize() && spec.dataSize() > KRETPROBE_MAX_DATA_SIZE) {
        return new Fail(Errno.E2BIG, false, 0);
      }
      if (blacklist.refusesKretprobe(symbol.name())) {
        return new Fail(Errno.EINVAL, false, 0);
      }
    }
    boolean ftrace = era.ftraceProbes() && symbol.isText() && offset == code.ftraceSite();
    return new Place(symbol, address, ftrace);
  }

  /**
   * The safety checks, then the struct's fields for a new registration; null when armed (the caller
   * links it into the table), else the errno.
   */
  Errno arm(Kprobe probe, ProbeSpec spec, Place place, Set<String> goingModules) {
    Errno unsafe = checkSafety(place, goingModules);
    if (unsafe == null) {
      probe.arm(spec, nextId(), place, spec.maxactive() > 0 ? spec.maxactive() : defaultMaxactive);
    }
    return unsafe;
  }

  /** check_kprobe_address_safe() and can_probe(), after kp.addr was written; null if safe. */
  Errno checkSafety(Place place, Set<String> goingModules) {
    KernelSymbol symbol = place.symbol();
    long offset = place.address() - symbol.address();
    if (!symbol.isText()) {
      return Errno.EINVAL;
    }
    InstructionBoundaries code = InstructionBoundaries.of(symbol.name(), symbol.size(), era.era());
    if (!place.ftrace() && code.insideFtraceSite(offset)) {
      return Errno.EILSEQ;
    }
    if (symbol.owner() != null && goingModules.contains(symbol.owner())) {
      return era.moduleGoing();
    }
    if (blacklist.contains(symbol.name())) {
      return Errno.EINVAL;
    }
    if (!place.ftrace() && !code.isBoundary(offset)) {
      return Errno.EILSEQ;
    }
    return null;
  }
}
