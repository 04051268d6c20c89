package org.kmodsim.scenarios.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.scenarios.machine.MachineReport;

/** The kprobes API, its errno values per era, and the debugfs files, from the batch shell. */
class KprobeShellTest {
  static final String LIST = "cat /sys/kernel/debug/kprobes/list";

  static String out(List<MachineReport.ShellResult> results) {
    StringBuilder all = new StringBuilder();
    results.forEach(r -> all.append(r.output()).append(withoutCallReport(r.errors())));
    return all.toString();
  }

  /**
   * The errors without the shell's report of a failed kernel call ({@code register_kprobe failed,
   * returned -2}, checked in BadInputTest): these tests read the calls' results themselves.
   */
  static String withoutCallReport(String errors) {
    return errors.replaceAll("(?m)^\\S+ failed, returned -\\d+\n", "");
  }

  static String run(Era era, String script) {
    return out(KprobeTestKernel.sh(era, script));
  }

  @Test
  void entryProbeIsAnFtraceProbePastTheEndbrIn6x() {
    assertThat(
            run(
                Era.V6_X,
                "register_kprobe kp symbol_name=vfs_read; ret; "
                    + LIST
                    + "; unregister_kprobe kp; "
                    + LIST
                    + "; kprobe_addr kp"))
        .isEqualTo("0\nffffffff81101604  k  vfs_read+0x4    [FTRACE]\nffffffff81101604\n");
  }

  @Test
  void entryProbeIn2_6IsAPlainInt3Probe() {
    assertThat(run(Era.V2_6, "register_kprobe kp symbol_name=vfs_read; ret; " + LIST))
        .isEqualTo("0\nffffffff81101600  k  vfs_read+0x0    \n");
  }

  @Test
  void offsetProbeWithoutPostHandlerIsOptimizedAfterTheDelay() {
    String text =
        run(
            Era.V4_X,
            "register_kprobe kp symbol_name=vfs_read offset=5; "
                + LIST
                + "; spin 30ms; "
                + LIST
                + "; register_kprobe kp2 symbol_name=vfs_read offset=5"
                + " post='spin 1ns'; "
                + LIST);
    assertThat(text)
        .isEqualTo(
            "ffffffff81101605  k  vfs_read+0x5    \n"
                + "ffffffff81101605  k  vfs_read+0x5    [OPTIMIZED]\n"
                + "ffffffff81101605  k  vfs_read+0x5    \n"
                + "ffffffff81101605  k  vfs_read+0x5    \n");
  }

  @Test
  void refusesBothAddrAndSymbolAndNeither() {
    assertThat(
            run(
                Era.V6_X,
                "register_kprobe kp symbol_name=vfs_read addr=0xffffffff81101600;"
                    + " ret; register_kprobe kq; ret"))
        .isEqualTo("-22\n-22\n");
  }

  @Test
  void unknownSymbolIsEnoentExceptIn2_6() {
    String script = "register_kprobe kp symbol_name=no_such_function; ret; kprobe_addr kp";
    assertThat(run(Era.V6_X, script)).isEqualTo("-2\n0000000000000000\n");
    assertThat(run(Era.V4_X, script)).isEqualTo("-2\n0000000000000000\n");
    assertThat(run(Era.V2_6, script)).isEqualTo("-22\n0000000000000000\n");
  }

  @Test
  void blacklistedSymbolIsEinvalButTheAddressIsFilledIn() {
    assertThat(run(Era.V4_X, "register_kprobe kp symbol_name=do_int3; ret; kprobe_addr kp"))
        .isEqualTo("-22\nffffffff81100000\n");
    assertThat(
            run(
                Era.V6_X,
                "register_kprobe kp symbol_name=exc_int3; ret; kprobe_addr kp;"
                    + " unregister_kprobe kp; kprobe_addr kp"))
        .isEqualTo("-22\nffffffff81100004\n0000000000000000\n");
    assertThat(run(Era.V6_X, "register_kprobe kp symbol_name=notifier_call_chain.cold; ret"))
        .isEqualTo("-2\n"); // not in the table: unknown, not blacklisted
  }

  @Test
  void reregistrationIsEinvalFrom4xButCorruptsTheListIn2_6() {
    String script =
        "register_kprobe kp symbol_name=vfs_read; ret;"
            + " register_kprobe kp symbol_name=vfs_write; ret";
    assertThat(run(Era.V6_X, script)).isEqualTo("0\n-22\n");
    assertThat(run(Era.V4_X, script)).isEqualTo("0\n-22\n");
    assertThat(run(Era.V2_6, script)).isEqualTo("0\n0\n");
  }

  @Test
  void offsetOffAnInstructionBoundaryIsEilseq() {
    assertThat(run(Era.V6_X, "register_kprobe kp symbol_name=vfs_read offset=2; ret"))
        .isEqualTo("-84\n");
    assertThat(run(Era.V4_X, "register_kprobe kp symbol_name=vfs_read offset=3; ret"))
        .isEqualTo("-84\n"); // inside the fentry call
    assertThat(run(Era.V2_6, "register_kprobe kp symbol_name=vfs_read offset=2; ret"))
        .isEqualTo("-84\n"); // inside mov %rsp,%rbp
  }

  /**
   * kernel/kprobes.c _kprobe_addr: without CONFIG_KALLSYMS_ALL jiffies is not in kallsyms, so
   * kprobe_lookup_name() gives 0 and the answer is -ENOENT; with it, the address is found and
   * check_kprobe_address_safe() refuses data that is not kernel text with -EINVAL.
   */
  @Test
  void dataIsNotKernelText() {
    String script = "register_kprobe kp symbol_name=jiffies; ret";
    assertThat(run(Era.V6_X, script)).isEqualTo("-2\n");
    assertThat(out(KprobeTestKernel.sh(Era.V6_X, script, "kmodsim.modules.kallsyms-all = true")))
        .isEqualTo("-22\n");
  }

  @Test
  void kretprobeRules() {
    assertThat(
            run(
                Era.V6_X,
                "register_kretprobe rp symbol_name=vfs_read offset=9; ret;"
                    + " register_kretprobe rp symbol_name=__switch_to; ret;"
                    + " register_kretprobe rp symbol_name=vfs_read data_size=5000; ret;"
                    + " register_kretprobe rp symbol_name=vfs_read data_size=4096; ret; "
                    + LIST))
        .isEqualTo("-22\n-22\n-7\n0\nffffffff81101604  r  vfs_read+0x4    [FTRACE]\n");
    assertThat(run(Era.V4_X, "register_kretprobe rp symbol_name=vfs_read data_size=5000; ret"))
        .isEqualTo("0\n");
  }

  @Test
  void enableAndDisableNeedARegisteredProbe() {
    assertThat(
            run(
                Era.V4_X,
                "enable_kprobe kp; ret; disable_kprobe kp; ret;"
                    + " register_kprobe kp symbol_name=vfs_read offset=5; disable_kprobe kp; ret; "
                    + LIST
                    + "; enable_kprobe kp; ret; "
                    + LIST))
        .isEqualTo(
            "-22\n-22\n0\nffffffff81101605  k  vfs_read+0x5    [DISABLED]\n0\n"
                + "ffffffff81101605  k  vfs_read+0x5    \n");
  }

  @Test
  void noKprobesIn2_4() {
    assertThat(
            run(
                Era.V2_4,
                "register_kprobe kp symbol_name=vfs_read; ret; "
                    + LIST
                    + "; enable_kprobe kp; ret; unregister_kprobe kp; ret"))
        .isEqualTo(
            "-38\ncat: /sys/kernel/debug/kprobes/list: No such file or directory\n" + "-38\n0\n");
  }

  @Test
  void faultHandlerIsGoneIn6x() {
    List<MachineReport.ShellResult> r =
        KprobeTestKernel.sh(Era.V6_X, "register_kprobe kp symbol_name=vfs_read fault='spin 1ns'");
    assertThat(r.get(0).exitStatus()).isEqualTo(2);
    assertThat(r.get(0).errors()).contains("has no member named 'fault_handler'");
    assertThat(run(Era.V4_X, "register_kprobe kp symbol_name=vfs_read fault='spin 1ns'; ret"))
        .isEqualTo("0\n");
  }

  @Test
  void aggregatorRunsTheNewestProbeFirstAndStopsAtANonZeroPreHandler() {
    assertThat(
            run(
                Era.V6_X,
                "register_kprobe a symbol_name=vfs_read pre='echo a' post='echo pa';"
                    + " register_kprobe b symbol_name=vfs_read pre='echo b';"
                    + " register_kprobe c symbol_name=vfs_read pre='echo c';"
                    + " kcall vfs_read; "
                    + LIST))
        .isEqualTo(
            "c\nb\na\npa\n"
                + "ffffffff81101604  k  vfs_read+0x4    [FTRACE]\n"
                + "ffffffff81101604  k  vfs_read+0x4    [FTRACE]\n"
                + "ffffffff81101604  k  vfs_read+0x4    [FTRACE]\n");
    assertThat(
            run(
                Era.V6_X,
                "register_kprobe a symbol_name=vfs_read pre='echo a' post='echo pa';"
                    + " register_kprobe b symbol_name=vfs_read pre='echo b; return 1';"
                    + " kcall vfs_read"))
        .isEqualTo("b\n");
  }

  @Test
  void debugfsEnabledIsTheGlobalSwitch() {
    assertThat(
            run(
                Era.V6_X,
                "cat /sys/kernel/debug/kprobes/enabled;"
                    + " register_kprobe kp symbol_name=vfs_read pre='echo hit'; kcall vfs_read;"
                    + " echo 0 > /sys/kernel/debug/kprobes/enabled; cat /sys/kernel/debug/kprobes/enabled;"
                    + " kcall vfs_read; "
                    + LIST
                    + "; echo maybe > /sys/kernel/debug/kprobes/enabled;"
                    + " echo 1 > /sys/kernel/debug/kprobes/enabled; kcall vfs_read"))
        .isEqualTo(
            "1\nhit\n0\nffffffff81101604  k  vfs_read+0x4    [FTRACE]\n"
                + "bash: echo: write error: Invalid argument\nhit\n");
  }

  @Test
  void debugfsIsRootOnlyAndListsItsFilesPerEra() {
    assertThat(
            run(
                Era.V4_X,
                "ls /sys/kernel/debug/kprobes; su nobody;"
                    + " cat /sys/kernel/debug/kprobes/list; echo 0 > /sys/kernel/debug/kprobes/enabled"))
        .isEqualTo(
            "blacklist\nenabled\nlist\n"
                + "cat: /sys/kernel/debug/kprobes/list: Permission denied\n"
                + "bash: /sys/kernel/debug/kprobes/enabled: Permission denied\n");
    assertThat(run(Era.V2_6, "ls /sys/kernel/debug/kprobes")).isEqualTo("enabled\nlist\n");
    assertThat(run(Era.V4_X, "echo 1 > /sys/kernel/debug/kprobes/list"))
        .isEqualTo("bash: echo: write error: Invalid argument\n");
  }

  @Test
  void blacklistFileListsRanges() {
    assertThat(run(Era.V4_X, "cat /sys/kernel/debug/kprobes/blacklist"))
        .startsWith(
            "0xffffffff81100000-0xffffffff81100090\tdo_int3\n"
                + "0xffffffff81100090-0xffffffff81100230\tdo_debug\n")
        .contains("\tnotifier_call_chain\n")
        .doesNotContain("preempt_schedule");
  }

  @Test
  void probesInAGoingModuleAreGoneAndCannotBeEnabled() {
    assertThat(
            run(
                Era.V6_X,
                "register_kprobe kp symbol_name=my_fn offset=9; ret; "
                    + LIST
                    + "; module_going mymod; "
                    + LIST
                    + "; enable_kprobe kp; ret;"
                    + " register_kprobe kq symbol_name=my_other_fn offset=4; ret; unregister_kprobe kp;"
                    + LIST))
        .isEqualTo(
            "0\nffffffffc0a01009  k  my_fn+0x9  mymod \n"
                + "ffffffffc0a01009  k  my_fn+0x9  mymod [GONE]\n"
                + "-22\n-2\n");
  }

  @Test
  void theLookupTrickFindsAnUnexportedFunctionAndCallsIt() {
    // 4.x: kp.addr is the function itself. In 6.x it is symbol+4, past the ENDBR64, and the call
    // is a #CP "Missing ENDBR" (arch/x86/kernel/cet.c; IbtTest has the report): the task dies.
    assertThat(
            run(
                Era.V4_X,
                "register_kprobe kp symbol_name=flush_tlb_all; ret;"
                    + " kprobe_addr kp fn; unregister_kprobe kp; call_address fn 1us; ret;"
                    + " kprobe_addr kp"))
        .isEqualTo("0\n0\nffffffff81101530\n");
    List<MachineReport.ShellResult> v6 =
        KprobeTestKernel.sh(
            Era.V6_X,
            "register_kprobe kp symbol_name=flush_tlb_all; kprobe_addr kp fn; kprobe_addr kp;"
                + " unregister_kprobe kp; call_address fn 1us");
    assertThat(v6.get(2).output()).isEqualTo("ffffffff81101534\n");
    assertThat(v6.get(4).exitStatus()).isEqualTo(137);
  }

  @Test
  void aFaultInAHandlerGoesToTheFaultHandlerUpTo4x() {
    assertThat(
            run(
                Era.V4_X,
                "register_kprobe kp symbol_name=vfs_read"
                    + " pre='page_fault; echo survived' fault='return 1'; kcall vfs_read; kprobe_nmissed kp"))
        .isEqualTo("survived\n1\n");
    List<MachineReport.ShellResult> r =
        KprobeTestKernel.sh(
            Era.V4_X,
            "register_kprobe kp symbol_name=vfs_read pre='page_fault' fault='return 0';"
                + " kcall vfs_read");
    assertThat(r.get(1).exitStatus()).isEqualTo(137);
    List<MachineReport.ShellResult> v6 =
        KprobeTestKernel.sh(
            Era.V6_X,
            "register_kprobe kp symbol_name=vfs_read pre='page_fault'; kcall vfs_read;"
                + " kprobe_nmissed kp");
    assertThat(v6.get(1).exitStatus()).isEqualTo(137);
    assertThat(v6.get(2).output()).isEqualTo("0\n");
  }

  @Test
  void registerKprobesRollsBackAtTheFirstFailure() {
    assertThat(
            run(
                Era.V6_X,
                "register_kprobes 'a symbol_name=vfs_read' 'b symbol_name=vfs_write'"
                    + " 'c symbol_name=nope'; ret; "
                    + LIST
                    + "; register_kprobes 'a symbol_name=vfs_read'"
                    + " 'b symbol_name=vfs_write offset=9'; ret; unregister_kprobes a b; "
                    + LIST))
        .isEqualTo("-2\n0\n");
  }

  @Test
  void aRecursiveHitRunsNoHandlerAndCountsNmissed() {
    assertThat(
            run(
                Era.V6_X,
                "register_kprobe a symbol_name=vfs_read pre='echo a; kcall vfs_write';"
                    + " register_kprobe b symbol_name=vfs_write pre='echo b'; kcall vfs_read; kcall vfs_write;"
                    + " kprobe_nmissed b; kprobe_nmissed a"))
        .isEqualTo("a\nb\n1\n0\n");
  }

  @Test
  void kretprobeEntryHandlerCanDeclineTheReturnEvent() {
    assertThat(
            run(
                Era.V6_X,
                "register_kretprobe rp symbol_name=vfs_read"
                    + " entry_handler='echo entry; return 1' handler='echo return'; kcall vfs_read;"
                    + " unregister_kretprobe rp; register_kretprobe rp symbol_name=vfs_read"
                    + " entry_handler='echo entry' handler='echo return'; kcall vfs_read;"
                    + " kretprobe_nmissed rp"))
        .isEqualTo("entry\nentry\nreturn\n0\n");
  }

  @Test
  void kallsymsLookupNameFindsAnyTextSymbol() {
    assertThat(run(Era.V6_X, "kallsyms_lookup_name flush_tlb_all; kallsyms_lookup_name nope"))
        .isEqualTo("ffffffff81101530\n0000000000000000\n");
  }

  @Test
  void theOptimizationSysctlUnoptimizesAndReoptimizes() {
    assertThat(
            run(
                Era.V4_X,
                "register_kprobe kp symbol_name=vfs_read offset=5; spin 30ms; "
                    + LIST
                    + "; sysctl debug.kprobes-optimization; sysctl -w debug.kprobes-optimization=0; "
                    + LIST
                    + "; sysctl -w debug.kprobes-optimization=2; sysctl -w debug.kprobes-optimization=1;"
                    + " spin 30ms; "
                    + LIST))
        .isEqualTo(
            "ffffffff81101605  k  vfs_read+0x5    [OPTIMIZED]\n"
                + "debug.kprobes-optimization = 1\n"
                + "debug.kprobes-optimization = 0\n"
                + "ffffffff81101605  k  vfs_read+0x5    \n"
                + "sysctl: setting key \"debug.kprobes-optimization\": Invalid argument\n"
                + "debug.kprobes-optimization = 1\n"
                + "ffffffff81101605  k  vfs_read+0x5    [OPTIMIZED]\n");
    assertThat(run(Era.V2_6, "sysctl debug.kprobes-optimization"))
        .isEqualTo(
            "sysctl: cannot stat /proc/sys/debug/kprobes-optimization: No such file or directory\n");
  }
}
