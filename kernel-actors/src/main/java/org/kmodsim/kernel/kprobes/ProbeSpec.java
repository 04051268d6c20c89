package org.kmodsim.kernel.kprobes;

import java.util.List;
import org.kmodsim.cpu.Step;

/**
 * What the caller filled in before {@code register_kprobe(&kp)} / {@code register_kretprobe(&rp)}:
 * the struct's identity, where to probe ({@code symbolName} + {@code offset}, or {@code addr}), the
 * handlers as step programs of the owner, the DISABLED pre-flag, and for kretprobes {@code
 * maxactive} and {@code data_size}. Empty handler lists mean NULL.
 */
public record ProbeSpec(
    ProbeKey key,
    boolean kretprobe,
    String symbolName,
    long offset,
    Long addr,
    List<Step> pre,
    List<Step> post,
    List<Step> fault,
    List<Step> entry,
    List<Step> handler,
    boolean disabled,
    int maxactive,
    long dataSize) {

  public ProbeSpec {
    pre = List.copyOf(pre);
    post = List.copyOf(post);
    fault = List.copyOf(fault);
    entry = List.copyOf(entry);
    handler = List.copyOf(handler);
  }

  /** The same spec with {@code addr} set (an address read from a program variable). */
  ProbeSpec at(long address) {
    return new ProbeSpec(
        key,
        kretprobe,
        symbolName,
        offset,
        address,
        pre,
        post,
        fault,
        entry,
        handler,
        disabled,
        maxactive,
        dataSize);
  }

  public static ProbeSpec kprobe(ProbeKey key, String symbol, long offset, List<Step> pre) {
    return new ProbeSpec(
        key, false, symbol, offset, null, pre, List.of(), List.of(), List.of(), List.of(), false, 0,
        0);
  }
}
