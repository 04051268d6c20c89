package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GracePeriodsTest {
  @Test
  void endsAtOnceWhenNoCpuIsInASection() {
    GracePeriods<String> grace = new GracePeriods<>();
    assertThat(grace.start("free")).isTrue();
    grace.enter(1);
    assertThat(grace.exit(1)).isEmpty();
    assertThat(grace.start("free")).isTrue();
  }

  @Test
  void waitsForEveryCpuThatWasInsideAndIgnoresSectionsStartedLater() {
    GracePeriods<String> grace = new GracePeriods<>();
    grace.enter(0);
    grace.enter(2);
    assertThat(grace.start("free")).isFalse();
    grace.enter(3);
    assertThat(grace.exit(0)).isEmpty();
    assertThat(grace.exit(2)).containsExactly("free");
    assertThat(grace.pending()).isZero();
    assertThat(grace.exit(3)).isEmpty();
  }

  @Test
  void aNestedSectionKeepsTheCpuInsideUntilTheOuterOneEnds() {
    GracePeriods<String> grace = new GracePeriods<>();
    grace.enter(1);
    grace.enter(1);
    assertThat(grace.start("free")).isFalse();
    assertThat(grace.exit(1)).isEmpty();
    assertThat(grace.exit(1)).containsExactly("free");
  }
}
