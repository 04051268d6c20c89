package org.kmodsim.sim;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Structural digests of messages and state, stable across runs: strings, numbers, enums, records
 * (component by component), collections, actor refs by their stable key, and lambdas by their code
 * and what they captured. Anything else is not digestible ({@link #of} throws {@link
 * Undigestible}), which turns state caching off for the state that holds it.
 */
public final class Digests {
  private Digests() {}

  /** An object whose value the digest cannot see. */
  public static final class Undigestible extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Undigestible(Class<?> type) {
      super("no digest for " + type.getName(), null, false, false);
    }
  }

  private static final ClassValue<long[]> TYPE_HASH =
      new ClassValue<>() {
        @Override
        protected long[] computeValue(Class<?> type) {
          return new long[] {Seeds.hash(type.getName())};
        }
      };

  private static final ClassValue<List<Field>> LAMBDA_FIELDS =
      new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
          List<Field> fields = new ArrayList<>();
          for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
              f.setAccessible(true);
              fields.add(f);
            }
          }
          return fields;
        }
      };

  private static final ClassValue<RecordComponent[]> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
          RecordComponent[] components = type.getRecordComponents();
          for (RecordComponent c : components) {
            c.getAccessor().setAccessible(true);
          }
          return components;
        }
      };

  /** The digest of {@code value}; {@code refs} gives an actor ref's stable hash. */
  public static long of(Object value, ToLongFunction<ActorRef<?>> refs) {
    return of(value, refs, 0);
  }

  /** Mixes a string into a digest. */
  public static long mix(long digest, String text) {
    return Seeds.mix(digest, Seeds.hash(text));
  }

  public static long mix(long digest, long value) {
    return Seeds.mix(digest, value);
  }

  private static long of(Object value, ToLongFunction<ActorRef<?>> refs, int depth) {
    if (value == null) {
      return 0x5eed;
    }
    if (depth > 32) {
      throw new Undigestible(value.getClass());
    }
    Class<?> type = value.getClass();
    long h = TYPE_HASH.get(type)[0];
    if (value instanceof String s) {
      return Seeds.mix(h, Seeds.hash(s));
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
      return Seeds.mix(h, Seeds.hash(value.toString()));
    }
    if (value instanceof Class<?> c) {
      return Seeds.mix(h, Seeds.hash(c.getName()));
    }
    if (value instanceof Enum<?> e) {
      return Seeds.mix(h, Seeds.hash(e.name()));
    }
    if (value instanceof ActorRef<?> ref) {
      return Seeds.mix(h, refs.applyAsLong(ref));
    }
    if (value instanceof StateDigest digest) {
      return Seeds.mix(h, digest.stateDigest());
    }
    if (value instanceof Optional<?> o) {
      return Seeds.mix(h, of(o.orElse(null), refs, depth + 1));
    }
    if (value instanceof List<?> list) {
      for (Object element : list) {
        h = Seeds.mix(h, of(element, refs, depth + 1));
      }
      return h;
    }
    if (value instanceof Set<?> set) {
      return Seeds.mix(h, unordered(set, refs, depth));
    }
    if (value instanceof Map<?, ?> map) {
      long sum = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sum += Seeds.mix(of(e.getKey(), refs, depth + 1), of(e.getValue(), refs, depth + 1));
      }
      return Seeds.mix(h, sum);
    }
    if (value instanceof Collection<?> c) {
      for (Object element : c) {
        h = Seeds.mix(h, of(element, refs, depth + 1));
      }
      return h;
    }
    if (type.isArray()) {
      return array(value, h, refs, depth);
    }
    if (type.isRecord()) {
      return record(value, h, refs, depth);
    }
    if (type.isSynthetic() || type.isHidden()) {
      return lambda(value, h, refs, depth);
    }
    throw new Undigestible(type);
  }

  private static long unordered(Collection<?> elements, ToLongFunction<ActorRef<?>> refs, int d) {
    long sum = 0;
    for (Object element : elements) {
      sum += of(element, refs, d + 1);
    }
    return sum;
  }

  private static long array(Object value, long h, ToLongFunction<ActorRef<?>> refs, int depth) {
    int length = java.lang.reflect.Array.getLength(value);
    for (int i = 0; i < length; i++) {
      h = Seeds.mix(h, of(java.lang.reflect.Array.get(value, i), refs, depth + 1));
    }
    return h;
  }

  private static long record(Object value, long h, ToLongFunction<ActorRef<?>> refs, int depth) {
    try {
      for (RecordComponent c : COMPONENTS.get(value.getClass())) {
        h = Seeds.mix(h, of(c.getAccessor().invoke(value), refs, depth + 1));
      }
      return h;
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (e instanceof Undigestible u) {
        throw u;
      }
      throw new Undigestible(value.getClass());
    }
  }

  /**
   * A lambda is its code (its class, the same object for one call site in one JVM, named after the
   * class that wrote it) and the values it captured.
   */
  private static long lambda(Object value, long h, ToLongFunction<ActorRef<?>> refs, int depth) {
    try {
      h = Seeds.mix(h, System.identityHashCode(value.getClass()));
      for (Field f : LAMBDA_FIELDS.get(value.getClass())) {
        h = Seeds.mix(h, of(f.get(value), refs, depth + 1));
      }
      return h;
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (e instanceof Undigestible u) {
        throw u;
      }
      throw new Undigestible(value.getClass());
    }
  }
}
