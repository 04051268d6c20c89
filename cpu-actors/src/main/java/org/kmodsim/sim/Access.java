package org.kmodsim.sim;

/**
 * How a delivery touched shared memory that is read without a message ({@link Sim#access}), or a
 * part of its receiver's own state ({@link Sim#accessOwn}).
 */
public enum Access {
  READ,
  WRITE,
  /**
   * An update that commutes with every other commuting update of the location, whatever the order
   * (a count's increment or decrement, an insertion into a set): two of them do not conflict, and
   * each conflicts with a read or a write. Declaring one promises that the two orders of any two
   * such updates leave the same state and send the same messages.
   */
  COMMUTING
}
