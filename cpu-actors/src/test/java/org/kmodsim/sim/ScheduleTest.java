package org.kmodsim.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dependence relation of schedule reduction: deliveries to one receiver conflict unless the
 * receiver declares the parts they touch, and then only when the parts overlap without commuting.
 */
class ScheduleTest {

  /** One delivery to {@code receiver}, with the declarations {@code declare} makes. */
  private static Schedule.Event delivery(String receiver, Runnable declare, Schedule schedule) {
    schedule.start(
        schedule.size(),
        "x->" + receiver,
        -1,
        0,
        List.of("x->" + receiver),
        0,
        new int[1],
        "actor:" + receiver);
    declare.run();
    return schedule.close();
  }

  @Test
  void twoUndeclaredDeliveriesToOneReceiverConflict() {
    Schedule s = new Schedule();
    Schedule.Event a = delivery("memory", () -> {}, s);
    Schedule.Event b = delivery("memory", () -> {}, s);
    Schedule.Event other = delivery("printk", () -> {}, s);
    assertThat(a.dependent(b)).isTrue();
    assertThat(a.dependent(other)).isFalse();
  }

  @Test
  void declaredPartsConflictOnlyWhereTheyOverlapWithAWrite() {
    Schedule s = new Schedule();
    Schedule.Event readFlag = delivery("memory", () -> s.own("cell:flag", Access.READ), s);
    Schedule.Event readFlagAgain = delivery("memory", () -> s.own("cell:flag", Access.READ), s);
    Schedule.Event writeData = delivery("memory", () -> s.own("cell:data", Access.WRITE), s);
    Schedule.Event writeFlag = delivery("memory", () -> s.own("cell:flag", Access.WRITE), s);
    Schedule.Event whole = delivery("memory", () -> {}, s);
    assertThat(readFlag.dependent(readFlagAgain)).isFalse();
    assertThat(readFlag.dependent(writeData)).isFalse();
    assertThat(readFlag.dependent(writeFlag)).isTrue();
    assertThat(writeData.dependent(whole)).as("an undeclared delivery writes everything").isTrue();
  }

  @Test
  void commutingUpdatesCommuteWithEachOtherButNotWithAReadOrWrite() {
    Schedule s = new Schedule();
    Schedule.Event inc = delivery("machine", () -> s.own("running", Access.COMMUTING), s);
    Schedule.Event dec = delivery("machine", () -> s.own("running", Access.COMMUTING), s);
    Schedule.Event read = delivery("machine", () -> s.own("running", Access.READ), s);
    Schedule.Event both =
        delivery(
            "machine",
            () -> {
              s.own("running", Access.COMMUTING);
              s.own("running", Access.READ);
            },
            s);
    assertThat(inc.dependent(dec)).isFalse();
    assertThat(inc.dependent(read)).isTrue();
    assertThat(both.accesses()).containsEntry("actor:machine/running", Access.WRITE);
    assertThat(inc.dependent(both)).isTrue();
  }

  @Test
  void declaredDeliveriesThatSendOnOneChannelConflict() {
    Schedule s = new Schedule();
    Runnable readAndReply = () -> s.own("cell:a", Access.READ);
    Schedule.Event a =
        delivery(
            "memory",
            () -> {
              readAndReply.run();
              s.sent("memory->cpu0");
            },
            s);
    Schedule.Event b =
        delivery(
            "memory",
            () -> {
              readAndReply.run();
              s.sent("memory->cpu0");
            },
            s);
    Schedule.Event c =
        delivery(
            "memory",
            () -> {
              readAndReply.run();
              s.sent("memory->cpu1");
            },
            s);
    assertThat(a.dependent(b)).as("their replies' order in one channel").isTrue();
    assertThat(a.dependent(c)).isFalse();
  }

  @Test
  void aSpawnTouchesTheWholeReceiver() {
    Schedule s = new Schedule();
    Schedule.Event read = delivery("machine", () -> s.own("running", Access.READ), s);
    Schedule.Event spawning =
        delivery(
            "machine",
            () -> {
              s.own("other", Access.READ);
              s.whole();
            },
            s);
    assertThat(read.dependent(spawning)).isTrue();
  }
}
