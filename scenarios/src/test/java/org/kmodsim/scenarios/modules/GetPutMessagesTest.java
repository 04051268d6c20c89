package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineRun;

/**
 * What a get/put pair of the atomic count (4.x and later: the module's actor owns the count) costs
 * in messages, the figure concurrent mode's throughput against the Pekko ceiling depends on (issue
 * 18): the try_module_get request, its answer and the posted module_put, three deliveries, with no
 * self-send of the CPU between them. Measured as the difference between a run of 200 pairs and one
 * of 100 with the same seed, which share their first 100 pairs delivery for delivery.
 */
class GetPutMessagesTest {

  private static long deliveries(int pairs) {
    String user =
        "[ {repeat = "
            + pairs
            + ", steps = [ {if = \"try_module_get chardev\","
            + " then = [ {measure = get_put, steps = [\"module_put chardev\"]} ]} ]} ]";
    MachineRun.Outcome outcome =
        ModuleMachine.run(UnloadWhileInUseTest.machine(Era.V6_X, user, "insmod chardev.conf"), 1);
    assertThat(outcome.result().failure()).isNull();
    assertThat(outcome.result().violations()).isEmpty();
    return outcome.result().steps();
  }

  @Test
  void anAtomicGetPutPairIsThreeDeliveries() {
    assertThat(deliveries(200) - deliveries(100)).isEqualTo(3 * 100);
  }
}
