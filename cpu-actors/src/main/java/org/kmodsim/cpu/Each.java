package org.kmodsim.cpu;

import java.util.List;

/**
 * "Each item in turn": the shape of a tool that makes the same calls for each of its arguments
 * ({@code cat FILE...}, {@code sysctl NAME...}, {@code rmmod MODULE...}, dmesg's actions). The body
 * handles one item and, once it is done (typically in the continuation of its last request), goes
 * on with {@code next}, which runs the body on the next item, or ends the step after the last.
 *
 * <pre>{@code
 * cpu -> Each.of(cpu, paths, (c, path, next) ->
 *     FileCalls.read(c, path, (again, reply) -> { ...; return next.apply(again); }))
 * }</pre>
 *
 * @param <T> the item type
 */
@FunctionalInterface
public interface Each<T> {
  StepResult apply(CpuContext cpu, T item, Next next);

  /** What comes after one item: the next item, or the end of the step. */
  @FunctionalInterface
  interface Next {
    StepResult apply(CpuContext cpu);
  }

  /** Runs {@code body} on each of {@code items} in turn. */
  static <T> StepResult of(CpuContext cpu, List<T> items, Each<T> body) {
    return of(cpu, items, body, c -> StepResult.NEXT);
  }

  /** Runs {@code body} on each of {@code items} in turn, then {@code after}. */
  static <T> StepResult of(CpuContext cpu, List<T> items, Each<T> body, Next after) {
    return from(cpu, List.copyOf(items), 0, body, after);
  }

  private static <T> StepResult from(
      CpuContext cpu, List<T> items, int index, Each<T> body, Next after) {
    if (index == items.size()) {
      return after.apply(cpu);
    }
    return body.apply(cpu, items.get(index), c -> from(c, items, index + 1, body, after));
  }
}
