package org.kmodsim.sim;

/** How a delivery touched shared memory that is read without a message ({@link Sim#access}). */
public enum Access {
  READ,
  WRITE
}
