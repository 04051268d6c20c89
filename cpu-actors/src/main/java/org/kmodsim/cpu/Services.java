package org.kmodsim.cpu;

import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The kernel actors of one machine, by name: what a CPU (or another kernel actor) needs to reach
 * the loader, the symbol registry, printk. Immutable; the machine builds it up in boot order, each
 * actor getting the services booted before it.
 */
public final class Services {
  private final TreeMap<String, ActorRef<?>> refs;

  private Services(TreeMap<String, ActorRef<?>> refs) {
    this.refs = refs;
  }

  public static Services empty() {
    return new Services(new TreeMap<>());
  }

  public <T> Services with(ServiceId<T> key, ActorRef<T> ref) {
    TreeMap<String, ActorRef<?>> copy = new TreeMap<>(refs);
    copy.put(key.name(), ref);
    return new Services(copy);
  }

  public boolean has(ServiceId<?> key) {
    return refs.containsKey(key.name());
  }

  @SuppressWarnings("unchecked")
  public <T> ActorRef<T> get(ServiceId<T> key) {
    ActorRef<?> ref = refs.get(key.name());
    if (ref == null) {
      throw new IllegalStateException("kernel service '" + key.name() + "' is not booted");
    }
    return (ActorRef<T>) ref;
  }

  public Map<String, ActorRef<?>> all() {
    return Map.copyOf(refs);
  }
}
