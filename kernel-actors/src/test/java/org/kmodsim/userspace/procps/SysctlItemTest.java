package org.kmodsim.userspace.procps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.fs.FileReply;

/** procps sysctl's lines for one NAME or NAME=VALUE. */
class SysctlItemTest {
  @Test
  void readsAndWritesPrintProcpsLines() {
    SysctlItem read = SysctlItem.of("kernel.printk");
    assertThat(read.path()).isEqualTo("/proc/sys/kernel/printk");
    assertThat(read.line(new FileReply.Content("4\t4 1  7\n")))
        .isEqualTo("kernel.printk = 4\t4\t1\t7\n");
    SysctlItem write = SysctlItem.of("kernel.panic=5");
    assertThat(write.value()).isEqualTo("5");
    assertThat(write.error(new FileReply.Failed(Errno.EACCES, true)))
        .isEqualTo("sysctl: setting key \"kernel.panic\": " + Errno.EACCES.message() + "\n");
    assertThat(read.error(new FileReply.Failed(Errno.ENOENT, true)))
        .isEqualTo("sysctl: cannot stat /proc/sys/kernel/printk: No such file or directory\n");
  }
}
