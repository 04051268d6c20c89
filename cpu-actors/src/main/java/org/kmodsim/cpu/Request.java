package org.kmodsim.cpu;

import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A step that is one request to a kernel service and what to do with its typed reply, declared in
 * one line where the command is registered:
 *
 * <pre>{@code
 * commands.register("find_module MODULE", args -> new Request<>("find_module",
 *     ModuleLoader.KEY, (cpu, replyTo) -> new ModuleLoader.FindModule(name(args), replyTo),
 *     Module.Value.class, Then.result(Module.Value::value)));
 * }</pre>
 *
 * <p>The reply type is checked once, by the CPU, when the reply arrives; step code never casts.
 *
 * @param <Q> the service's protocol
 * @param <R> the reply type
 */
public record Request<Q, R>(
    String name,
    ServiceId<Q> service,
    BiFunction<CpuContext, ActorRef<R>, ? extends Q> request,
    Class<R> replyType,
    Then<R> then)
    implements Step {

  @Override
  public StepResult run(CpuContext cpu) {
    return cpu.request(service, replyTo -> request.apply(cpu, replyTo), replyType, then);
  }

  /** The command's name: the fields are functions, whose identity would reach the timeline. */
  @Override
  public String toString() {
    return name;
  }
}
