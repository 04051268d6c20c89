package org.kmodsim.kernel.kprobes;

import java.util.Set;
import java.util.TreeMap;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.kallsyms.Kallsyms;

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
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private long requests;
  private long ids;

  Registrar(KprobeEra era, Blacklist blacklist) {
    this.era = era;
    this.blacklist = blacklist;
  }

  Blacklist blacklist() {
    return blacklist;
  }

  long begin(KprobeManager.Register register) {
    ProbeSpec spec = register.spec();
    boolean byAddress = spec.addr() != null;
    long address = byAddress ? spec.addr() + spec.offset() : 0;
    pending.put(++requests, new Pending(register, byAddress, address));
    return requests;
  }

  Pending pending(long request) {
    Pending found = pending.get(request);
    org.kmodsim.cpu.Bug.on(found == null, "kallsyms answered an unknown registration");
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
    if (!waiting.byAddress()) {
      if (!(reply instanceof Kallsyms.Found)) {
        return new Fail(era.unknownSymbol(), false, 0);
      }
      KernelSymbol symbol = ((Kallsyms.Found) reply).symbol();
      long address = symbol.address() + spec.offset();
      if (spec.offset() < 0 || spec.offset() >= Math.max(1, symbol.size())) {
        pending.put(request, new Pending(waiting.register(), true, address));
        return new LookUpAddress(address);
      }
      return place(spec, symbol, address);
    }
    if (!(reply instanceof Kallsyms.Found)) {
      // 6.x re-splits the address with kallsyms_lookup_size_offset (-ENOENT); older kernels
      // fill in kp.addr and find it is not kernel text (-EINVAL).
      return era.ibt()
          ? new Fail(Errno.ENOENT, false, 0)
          : new Fail(Errno.EINVAL, true, waiting.address());
    }
    return place(spec, ((Kallsyms.Found) reply).symbol(), waiting.address());
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
