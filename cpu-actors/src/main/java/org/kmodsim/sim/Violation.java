package org.kmodsim.sim;

/**
 * Something the simulated kernel must never do happened: an oops, a use-after-free, a negative
 * usage count. Safety monitors and model code report them; scenarios count them as forbidden.
 */
public record Violation(long step, long timeNanos, String where, String kind, String detail) {}
