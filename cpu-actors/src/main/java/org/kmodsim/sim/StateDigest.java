package org.kmodsim.sim;

/**
 * The state of an actor or of a piece of shared memory as one 64-bit number, for state caching: two
 * states with the same digest behave the same from then on. Build it with {@link Digests} over
 * every field that can change (names and values, never identity hash codes or actor uids). An
 * entity registers it once ({@link Sim#digest}, {@link Sim#sharedState}).
 */
@FunctionalInterface
public interface StateDigest {
  long stateDigest();
}
