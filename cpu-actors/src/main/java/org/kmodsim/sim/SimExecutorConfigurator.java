package org.kmodsim.sim;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * Plugs a {@link SimExecutor} into a Pekko dispatcher: {@code executor =
 * "org.kmodsim.sim.SimExecutorConfigurator"} with {@code sim-executor-id} naming the executor the
 * engine registered before starting the actor system.
 */
public final class SimExecutorConfigurator extends ExecutorServiceConfigurator {
  private final String executorId;

  public SimExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    this.executorId = config.getString("sim-executor-id");
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory factory) {
    return () -> SimExecutor.lookup(executorId);
  }
}
