package org.kmodsim.sim;

/**
 * What a strategy sees of one enabled delivery: the head of one (sender, receiver) channel. {@code
 * channelId} numbers channels in the order the run first used them, so it is stable for a seed.
 */
public interface Choice {
  int channelId();

  String source();

  String target();

  /**
   * The channel's stable key, {@code SENDER->RECEIVER} with full paths below the run's root
   * (message adapters included): the same channel has the same key in every run of a scenario.
   */
  String key();

  /** The send order of the message at the channel's head: smaller was sent earlier. */
  long sequence();
}
