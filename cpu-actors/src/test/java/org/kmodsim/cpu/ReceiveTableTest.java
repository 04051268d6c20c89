package org.kmodsim.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.junit.jupiter.api.Test;

class ReceiveTableTest {
  interface Msg {}

  record Text(String text) implements Msg {}

  record Loud(String text) implements Msg {}

  enum Tick implements Msg {
    INSTANCE
  }

  enum Other implements Msg {
    INSTANCE
  }

  /** An actor-like receiver: records what each handler saw, returns a behaviour of its own. */
  static final class Recorder {
    final List<String> seen = new ArrayList<>();
    final Behavior<Msg> done = Behaviors.stopped();

    Behavior<Msg> onText(Text t) {
      seen.add("text " + t.text());
      return done;
    }

    Behavior<Msg> onMsg(Msg m) {
      seen.add("any " + m);
      return done;
    }

    Behavior<Msg> onTick() {
      seen.add("tick");
      return done;
    }
  }

  private static final ReceiveTable<Recorder, Msg> TABLE =
      ReceiveTable.<Recorder, Msg>builder()
          .onEquals(Tick.INSTANCE, Recorder::onTick)
          .on(Text.class, Recorder::onText)
          .on(Loud.class, Recorder::onMsg)
          .build();

  @Test
  void theFirstMatchingRowHandlesTheMessageOnItsOwnActor() throws Exception {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    Receive<Msg> ra = TABLE.receive(a);
    Receive<Msg> rb = TABLE.receive(b);
    assertThat(ra.receiveMessage(new Text("hi"))).isSameAs(a.done);
    assertThat(rb.receiveMessage(Tick.INSTANCE)).isSameAs(b.done);
    ra.receiveMessage(new Loud("HEY"));
    assertThat(a.seen).containsExactly("text hi", "any Loud[text=HEY]");
    assertThat(b.seen).containsExactly("tick");
  }

  @Test
  void aMessageNoRowMatchesAndEverySignalAreUnhandled() throws Exception {
    Recorder a = new Recorder();
    Receive<Msg> ra = TABLE.receive(a);
    assertThat(ra.receiveMessage(Other.INSTANCE)).isSameAs(Behaviors.unhandled());
    assertThat(ra.receiveSignal(PostStop.instance())).isSameAs(Behaviors.unhandled());
    assertThat(a.seen).isEmpty();
  }

  @Test
  void anEqualsRowMatchesOnlyAnEqualMessage() throws Exception {
    ReceiveTable<Recorder, Msg> table =
        ReceiveTable.<Recorder, Msg>builder().onEquals(new Text("a"), Recorder::onTick).build();
    Recorder a = new Recorder();
    Receive<Msg> ra = table.receive(a);
    assertThat(ra.receiveMessage(new Text("b"))).isSameAs(Behaviors.unhandled());
    ra.receiveMessage(new Text("a"));
    assertThat(a.seen).containsExactly("tick");
  }
}
