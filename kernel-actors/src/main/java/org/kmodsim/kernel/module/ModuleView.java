package org.kmodsim.kernel.module;

import java.util.List;
import java.util.Set;

/**
 * What /proc/modules and lsmod show of one module, copied out of the loader: name, core size,
 * module_refcount (−1 while unloading in 4.x+), the users (source_list), the state, the text
 * address, the per-module taints, whether it is permanent (init without exit), and the 2.4 flags.
 */
public record ModuleView(
    String name,
    long size,
    long refcount,
    List<String> users,
    ModuleState state,
    long address,
    Set<Taint> taints,
    boolean permanent,
    boolean autoclean,
    boolean usedOnce) {

  public ModuleView {
    users = List.copyOf(users);
    taints = Set.copyOf(taints);
  }
}
