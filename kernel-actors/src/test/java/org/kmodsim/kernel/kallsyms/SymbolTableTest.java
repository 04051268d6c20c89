package org.kmodsim.kernel.kallsyms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;

class SymbolTableTest {

  @Test
  void builtinsHoldTheLectureSymbolsWithTheirExportStatusPerEra() {
    SymbolTable v4 = SymbolTable.withBuiltins(Era.V4_X);
    assertThat(v4.findExport("printk", true)).isNotNull();
    assertThat(v4.findExport("kallsyms_lookup_name", true).gplOnly()).isTrue();
    assertThat(v4.findExport("kallsyms_lookup_name", false)).isNull();
    assertThat(v4.findExport("flush_tlb_all", true)).isNull();
    assertThat(v4.lookupName("flush_tlb_all")).isNotZero();
    SymbolTable v6 = SymbolTable.withBuiltins(Era.V6_X);
    assertThat(v6.findExport("kallsyms_lookup_name", true)).isNull();
    assertThat(v6.findExport("_printk", false)).isNotNull();
    assertThat(SymbolTable.withBuiltins(Era.V2_4).findExport("flush_tlb_all", false)).isNotNull();
  }

  @Test
  void procKallsymsListsVmlinuxThenModulesWithTabbedOwner() {
    SymbolTable table = new SymbolTable(Era.V6_X);
    table.addModule("mymod", List.of(
        new KernelSymbol("my_helper", 0xffffffffc0a01000L, 't', "mymod", false, false, "", null),
        new KernelSymbol("my_data", 0xffffffffc0a02000L, 'd', "mymod", false, false, "", null)));
    SymbolTable full = SymbolTable.withBuiltins(Era.V6_X);
    full.addModule("mymod", table.moduleSymbols().get("mymod"));
    String text = full.renderKallsyms(true, false);
    assertThat(text).startsWith("ffffffff81000000 T _stext\n");
    assertThat(text).endsWith("ffffffffc0a01000 t my_helper\t[mymod]\n");
    assertThat(text).doesNotContain("jiffies");
    assertThat(full.renderKallsyms(true, true)).contains(" D jiffies\n")
        .contains("my_data\t[mymod]");
    assertThat(full.renderKallsyms(false, false)).startsWith("0000000000000000 T _stext\n");
  }

  @Test
  void procKsymsOf24MangledNamesWithRAndCrc() {
    SymbolTable table = SymbolTable.withBuiltins(Era.V2_4);
    KernelSymbol printk = table.findExport("printk", true);
    String ksyms = table.renderKsyms(true);
    assertThat(ksyms).contains(String.format("%08x printk_R%08x%n", printk.address(),
        printk.crc()));
    assertThat(ksyms).contains(" memcpy\n");
    assertThat(ksyms).doesNotContain("_stext");
  }

  @Test
  void crcIsGenksymsStyleCrc32OfTheTokens() {
    assertThat(SymbolTable.crcOf("int printk(const char *fmt, ...)"))
        .isEqualTo(SymbolTable.crcOf("int  printk( const char * fmt , ... )"));
    assertThat(SymbolTable.crcOf("int printk(const char *fmt, ...)"))
        .isNotEqualTo(SymbolTable.crcOf("long printk(const char *fmt, ...)"));
  }
}
