package org.kmodsim.kernel.module.v24;

import org.kmodsim.kernel.module.ModuleInternal;
import org.kmodsim.kernel.module.UserSpaceLinking;

/**
 * Installs the 2.4 calls into a loader of the 2.4 era: the provider ServiceLoader finds
 * (META-INF/services), so that the loader needs no dependency on this package.
 */
public final class Linking24 implements UserSpaceLinking.Factory {
  @Override
  public UserSpaceLinking create(ModuleInternal kernel) {
    return new Module24Calls(kernel);
  }
}
