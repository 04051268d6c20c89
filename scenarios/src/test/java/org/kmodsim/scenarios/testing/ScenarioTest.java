package org.kmodsim.scenarios.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a scenario once per era and seed, checks its expectations (no unlisted outcome; no forbidden
 * one unless the scenario exists to show a bug) and hands the run to the method for more
 * assertions:
 *
 * <pre>{@code
 * @ScenarioTest(value = "lost-update", seeds = 10)
 * void countIsOneOrTwo(ScenarioRun run) {
 *   assertThat(run.observation().memory().get("count")).isBetween(1L, 2L);
 * }
 * }</pre>
 *
 * A scenario whose commands this build lacks, or a draft, is skipped (aborted), never passed.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(ScenarioExtension.class)
public @interface ScenarioTest {
  /** A catalogue name or a scenario file. */
  String value();

  /** Eras to run in; empty means every era the scenario lists. */
  String[] eras() default {};

  /** How many seeds from {@link #firstSeed}; 0 means the scenario's {@code ci-seeds}. */
  int seeds() default 0;

  long firstSeed() default 0;
}
