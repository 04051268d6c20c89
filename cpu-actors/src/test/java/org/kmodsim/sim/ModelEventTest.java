package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelEventTest {
  private static final EventType GET =
      EventType.of(
          "try_module_get",
          "try_module_get({module}) = {ok}  refcnt {refcnt}→{refcnt_after}",
          "cpu",
          "module",
          "ok",
          "refcnt",
          "refcnt_after");

  @Test
  void theTemplateSaysTheEventFromItsTypedFields() {
    ModelEvent e = GET.with(1, "hello", true, 1, 2);
    assertThat(e.text()).isEqualTo("try_module_get(hello) = true  refcnt 1→2");
    assertThat(e.fields())
        .containsExactly(
            java.util.Map.entry("cpu", 1L),
            java.util.Map.entry("module", "hello"),
            java.util.Map.entry("ok", true),
            java.util.Map.entry("refcnt", 1L),
            java.util.Map.entry("refcnt_after", 2L));
    assertThat(e.number("cpu", -1)).isEqualTo(1);
    assertThat(e.flag("ok")).isTrue();
    assertThat(e.string("missing")).isEmpty();
  }

  @Test
  void listsJoinNullsShowAsADashAndTimesReadInUnits() {
    EventType t =
        EventType.of(
            "syscall", "{call}({args}) = {ret} after {ns:time}", "call", "args", "ret", "ns");
    assertThat(
            t.with("delete_module", List.of("\"hello\"", "O_NONBLOCK"), null, 155_208_335L).text())
        .isEqualTo("delete_module(\"hello\", O_NONBLOCK) = - after 155.208 ms");
    assertThat(ModelEvent.time(300)).isEqualTo("300 ns");
    assertThat(ModelEvent.time(2_200)).isEqualTo("2.200 µs");
    assertThat(ModelEvent.time(2_000_000_000L)).isEqualTo("2.000 s");
  }

  @Test
  void theDigestDependsOnTheValuesNotOnTheTemplate() {
    EventType other =
        EventType.of("try_module_get", "{module}", "cpu", "module", "ok", "refcnt", "refcnt_after");
    assertThat(GET.with(1, "hello", true, 1, 2).digest())
        .isEqualTo(other.with(1, "hello", true, 1, 2).digest())
        .isNotEqualTo(GET.with(1, "hello", true, 1, 3).digest());
  }

  @Test
  void refusesValuesThatAreNotData() {
    assertThatThrownBy(() -> GET.with(1, "hello", true, 1)).hasMessageContaining("fields");
    assertThatThrownBy(() -> GET.with(1, new Object(), true, 1, 2))
        .hasMessageContaining("try_module_get.module");
    assertThatThrownBy(() -> EventType.of("Delivery", "{x}", "x"))
        .hasMessageContaining("lower case");
  }
}
