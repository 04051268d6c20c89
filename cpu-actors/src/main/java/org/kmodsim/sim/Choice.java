package org.kmodsim.sim;

/**
 * What a strategy sees of one enabled delivery: the head of one (sender, receiver) channel. {@code
 * channelId} numbers channels in the order the run first used them, so it is stable for a seed.
 */
public interface Choice {
  int channelId();

  String source();

  String target();
}
