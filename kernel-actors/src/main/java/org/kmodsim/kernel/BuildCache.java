package org.kmodsim.kernel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a build computes the same way in every run, computed once per JVM: the texts shipped in the
 * jar, parsed module files, the vmlinux symbol table of an era. A bounded memo (the least recently
 * used entry goes first), safe from every simulation worker; the values must be immutable, and a
 * function that throws caches nothing. Explorers boot thousands of machines a second, and a boot
 * that parses the same file each time costs more than the scenario it runs.
 */
public final class BuildCache<K, V> {
  private final Map<K, V> entries;

  /** A memo of at most {@code capacity} entries. */
  public BuildCache(int capacity) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The value of {@code key}, computed by {@code compute} the first time (a null is not kept). */
  public V get(K key, Function<? super K, ? extends V> compute) {
    synchronized (entries) {
      V known = entries.get(key);
      if (known != null) {
        return known;
      }
    }
    V value = compute.apply(key); // outside the lock: two workers may compute it once each
    if (value != null) {
      synchronized (entries) {
        entries.putIfAbsent(key, value);
      }
    }
    return value;
  }
}
