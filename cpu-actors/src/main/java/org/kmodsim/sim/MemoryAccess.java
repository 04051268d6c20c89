package org.kmodsim.sim;

/**
 * Declares an access to shared memory read without a message: a location with a stable name ({@code
 * REGION:DETAIL}, e.g. {@code percpu:0/module:hello#1}), read or written by the delivery running
 * now. Schedule reduction treats two deliveries that touch one location, one of them writing, as
 * dependent; state caching needs every written region to expose its digest ({@link
 * Sim#sharedState}). {@link #NONE} is for memory used outside any run (unit tests of pure code).
 */
@FunctionalInterface
public interface MemoryAccess {
  void access(String location, Access access);

  MemoryAccess NONE = (location, access) -> {};
}
