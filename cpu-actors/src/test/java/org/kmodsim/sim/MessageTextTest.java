package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageTextTest {
  static final class Table {}

  record Lookup(String[] target, Table table, long address, Set<String> caps) {}

  record Named(Runnable code) {
    @Override
    public String toString() {
      return "named";
    }
  }

  record Holder(Runnable code, Map<String, Integer> counts, List<Object> items) {}

  @Test
  void rendersRecordsWithoutIdentityHashesArraysOrHashOrder() {
    Set<String> caps = new HashSet<>(List.of("CAP_SYS_MODULE", "CAP_SYSLOG", "CAP_SYS_ADMIN"));
    String text =
        MessageText.of(
            new Lookup(new String[] {"hello", "howmany"}, new Table(), -1073741808L, caps));
    assertThat(text)
        .isEqualTo(
            "Lookup target=[hello, howmany] table=Table address=0xffffffffc0000010 "
                + "caps=[CAP_SYSLOG, CAP_SYS_ADMIN, CAP_SYS_MODULE]");
  }

  @Test
  void keepsARecordsOwnToStringAndHidesLambdas() {
    assertThat(MessageText.of(new Named(() -> {}))).isEqualTo("named");
    Map<String, Integer> counts = new java.util.HashMap<>(Map.of("b", 2, "a", 1));
    assertThat(MessageText.of(new Holder(() -> {}, counts, java.util.Arrays.asList(1, null))))
        .isEqualTo("Holder code=<code> counts={a=1, b=2} items=[1, none]");
  }

  record Outer(Lookup inner, java.util.function.Consumer<String> replyTo) {}

  @Test
  void namesInnerRecordsInParenthesesAndLeavesOutReplyAddresses() {
    String text =
        MessageText.of(
            new Outer(new Lookup(new String[] {"a"}, new Table(), 0, Set.of()), s -> {}));
    assertThat(text).isEqualTo("Outer inner=Lookup(target=[a], table=Table, address=0, caps=[])");
  }
}
