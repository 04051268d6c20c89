package org.kmodsim.scenarios.modules;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.CommandLine;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kprobes.KprobesSubsystem;
import org.kmodsim.kernel.module.ModuleSubsystem;
import org.kmodsim.scenarios.machine.MachineRun;
import org.kmodsim.scenarios.machine.MachineSpec;

/** x86 IBT and the kprobe lookup trick: kp.addr is past the ENDBR64, so calling it faults. */
class IbtTest {
  private static final String TRICK =
      "register_kprobe kp symbol_name=flush_tlb_all; kprobe_addr kp fn; unregister_kprobe kp;"
          + " call_address fn 1us";

  private static MachineRun.Outcome run(Era era) {
    MachineSpec spec =
        new MachineSpec(
            ConfigFactory.load(),
            era,
            2,
            List.of(new ModuleSubsystem(), new KprobesSubsystem()),
            List.of(),
            CommandLine.splitList(TRICK),
            Cred.root(),
            0);
    return ModuleMachine.run(spec, 1);
  }

  /**
   * 6.x: kernel/kprobes.c _kprobe_addr and arch_adjust_kprobe_addr put kp.addr on symbol+4, past
   * the ENDBR64; an indirect call there is a #CP, arch/x86/kernel/cet.c do_kernel_cp_fault:
   * pr_err("Missing ENDBR: %pS\n"), then BUG(), which lib/bug.c report_bug prints as CUT_HERE and
   * "kernel BUG at %s:%u!" (cet.c:132 in 6.12), then die("invalid opcode", ...): "Oops: invalid
   * opcode: 0000 [#1] PREEMPT SMP NOPTI". The task is killed and the kernel tainted D.
   */
  @Test
  void callingKpAddrWithIbtIsAMissingEndbrOops() {
    MachineRun.Outcome outcome = run(Era.V6_X);
    assertThat(outcome.report().shellResults().get(3).exitStatus()).isEqualTo(137);
    List<String> dmesg = ModuleMachine.dmesg(outcome);
    int missing = dmesg.indexOf("Missing ENDBR: flush_tlb_all+0x4/0x30");
    assertThat(missing).isNotNegative();
    assertThat(dmesg.subList(missing + 1, missing + 5))
        .containsExactly(
            "------------[ cut here ]------------",
            "kernel BUG at arch/x86/kernel/cet.c:132!",
            "Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI",
            "CPU: 0 UID: 0 PID: 1000 Comm: cpu0 Not tainted 6.12.0 #1");
    assertThat(dmesg).contains("RIP: 0010:do_kernel_cp_fault", " ? flush_tlb_all+0x4/0x30");
    assertThat(outcome.result().violations())
        .anySatisfy(v -> assertThat(v.kind()).isEqualTo("missing-endbr"));
  }

  /** 4.x has no IBT: kp.addr is the function's address and the call works. */
  @Test
  void withoutIbtTheTrickWorks() {
    MachineRun.Outcome outcome = run(Era.V4_X);
    assertThat(outcome.report().shellResults().get(3).exitStatus()).isZero();
    assertThat(outcome.result().violations()).isEmpty();
  }
}
