package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.drivers.PrintkSubsystem;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.module.ModuleSubsystem;
import org.kmodsim.scenarios.machine.MachineSpec;

/** printk's %pK on a booted machine: kptr_restrict and current's CAP_SYSLOG when printk runs. */
class RestrictedPointerTest {
  private static final String PK = "printk KERN_INFO 'at %pK\\n' 0xffffffffc0000010";

  /** The printk lines starting "at " of a script on a machine with printk and kallsyms. */
  private static List<String> printed(Era era, String script) {
    MachineSpec spec =
        new MachineSpec(
            ConfigFactory.load(),
            era,
            2,
            List.of(new PrintkSubsystem(), new ModuleSubsystem()),
            List.of(),
            CommandLine.splitList(script),
            Cred.root(),
            0);
    return ModuleMachine.dmesg(ModuleMachine.run(spec, 1)).stream()
        .filter(line -> line.startsWith("at "))
        .toList();
  }

  /**
   * lib/vsprintf.c restricted_pointer(): 0 "Handle as %p" (hashed); 1 the real pointer when
   * has_capability_noaudit(current, CAP_SYSLOG), else {@code ptr = NULL}; 2 "Always print 0's for
   * %pK". kptr_restrict is read at the call, so a sysctl write applies to the next printk.
   */
  @Test
  void percentPkFollowsKptrRestrictAndTheCallersCapSyslog() {
    List<String> lines =
        printed(
            Era.V6_X,
            PK
                + "; sysctl -w kernel.kptr_restrict=1; "
                + PK
                + "; su nobody; "
                + PK
                + "; su root; sysctl -w kernel.kptr_restrict=2; "
                + PK);
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).matches("at 00000000[0-9a-f]{8}").isNotEqualTo("at ffffffffc0000010");
    assertThat(lines.subList(1, 4))
        .containsExactly("at ffffffffc0000010", "at 0000000000000000", "at 0000000000000000");
  }

  /** 2.6.32 predates kptr_restrict (2.6.38): pointer() has no 'K' case, the address is printed. */
  @Test
  void era26PrintsPercentPkAsAPlainPointer() {
    assertThat(printed(Era.V2_6, "su nobody; " + PK)).containsExactly("at ffffffffc0000010");
  }
}
