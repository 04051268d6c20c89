package org.kmodsim.kernel.kprobes;

import java.util.List;
import org.kmodsim.cpu.Step;

/**
 * A CPU's read-only copy of one probe at the moment of a hit: what the RCU-protected pointer from
 * get_kprobe() gives the int3 handler. {@code ownerFreed} means the struct itself lies in freed
 * memory, so touching it is a use-after-free.
 */
public record ProbeView(
    long id,
    ProbeKey key,
    boolean kretprobe,
    List<Step> pre,
    List<Step> post,
    List<Step> entry,
    List<Step> handler,
    boolean optimized,
    boolean ownerFreed) {
  public ProbeView {
    pre = List.copyOf(pre);
    post = List.copyOf(post);
    entry = List.copyOf(entry);
    handler = List.copyOf(handler);
  }
}
