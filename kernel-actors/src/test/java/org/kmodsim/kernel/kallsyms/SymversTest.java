package org.kmodsim.kernel.kallsyms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.kernel.Era;

/** Module.symvers as modpost writes it (scripts/mod/modpost.c, write_dump). */
class SymversTest {
  private static final String FILE =
      "0x82164fbb\tmodule_layout\tvmlinux\tEXPORT_SYMBOL\t\n"
          + "0x92997ed8\t_printk\tvmlinux\tEXPORT_SYMBOL\t\n"
          + "0x7140de40\tinit_uts_ns\tvmlinux\tEXPORT_SYMBOL_GPL\t\n"
          + "0x0a0b0c0d\tusb_stor_x\tvmlinux\tEXPORT_SYMBOL_GPL\tUSB_STORAGE\n"
          + "0xe9e55536\tnet_failover_create\tdrivers/net/net_failover\tEXPORT_SYMBOL_GPL\t\n";

  @Test
  void readsVmlinuxExportsWithKindAndNamespaceAndSkipsModules() {
    assertThat(Symvers.parse("Module.symvers", FILE))
        .containsExactly(
            new Symvers.Export("module_layout", 0x82164fbbL, false, ""),
            new Symvers.Export("_printk", 0x92997ed8L, false, ""),
            new Symvers.Export("init_uts_ns", 0x7140de40L, true, ""),
            new Symvers.Export("usb_stor_x", 0x0a0b0c0dL, true, "USB_STORAGE"));
  }

  @TempDir Path dir;

  @Test
  void theKernelTakesTheCrcsOfTheFileOverItsOwnAndAddsTheRest() throws IOException {
    Files.writeString(dir.resolve("Module.symvers"), FILE);
    assertThat(Symvers.locate(dir.toString())).isEqualTo(dir.resolve("Module.symvers").toString());
    SymbolTable kernel =
        SymbolTable.forKernel(
            new KallsymsSettings(Era.V6_X, true, false, 0, 2, Symvers.locate(dir.toString())));
    assertThat(kernel.findAnyExport("_printk").crc()).isEqualTo(0x92997ed8L);
    assertThat(kernel.findAnyExport("module_layout").crc()).isEqualTo(0x82164fbbL);
    assertThat(kernel.findExport("init_uts_ns", false)).isNull();
    assertThat(kernel.findAnyExport("usb_stor_x").namespace()).isEqualTo("USB_STORAGE");
    assertThat(kernel.findAnyExport("net_failover_create")).isNull();
  }

  @Test
  void aLineThatIsNotOneIsRefusedWithFileAndLine() {
    assertThatThrownBy(
            () -> Symvers.parse("Module.symvers", "0x1\ta\tvmlinux\tEXPORT_SYMBOL\nbad\n"))
        .isInstanceOf(Symvers.SymversException.class)
        .hasMessage("Module.symvers:2: not a Module.symvers line (0xCRC, symbol, module, export)");
    assertThatThrownBy(() -> Symvers.parse("M", "0xzz\ta\tvmlinux\tEXPORT_SYMBOL\n"))
        .hasMessage("M:1: bad CRC '0xzz'");
  }
}
