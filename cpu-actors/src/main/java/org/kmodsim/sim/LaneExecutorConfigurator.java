package org.kmodsim.sim;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.apache.pekko.dispatch.MonitorableThreadFactory;

/**
 * Plugs a {@link LaneExecutor} into a Pekko dispatcher: {@code executor =
 * "org.kmodsim.sim.LaneExecutorConfigurator"}, with {@code lanes} (threads) and {@code
 * lane-idle-spin} (how long an idle lane spins before it parks) in the dispatcher's section.
 */
public final class LaneExecutorConfigurator extends ExecutorServiceConfigurator {
  private final int lanes;
  private final long spinNanos;

  public LaneExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    this.lanes = config.getInt("lanes");
    this.spinNanos = config.getDuration("lane-idle-spin", TimeUnit.NANOSECONDS);
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory factory) {
    ThreadFactory named =
        factory instanceof MonitorableThreadFactory m ? m.withName(m.name() + "-" + id) : factory;
    return () -> new LaneExecutor(lanes, spinNanos, named);
  }
}
