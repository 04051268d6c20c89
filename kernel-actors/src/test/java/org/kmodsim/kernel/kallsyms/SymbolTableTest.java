package org.kmodsim.kernel.kallsyms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
    table.addModule(
        "mymod",
        List.of(
            new KernelSymbol(
                "my_helper", 0xffffffffc0a01000L, 't', "mymod", false, false, "", null),
            new KernelSymbol(
                "my_data", 0xffffffffc0a02000L, 'd', "mymod", false, false, "", null)));
    SymbolTable full = SymbolTable.withBuiltins(Era.V6_X);
    full.addModule("mymod", table.moduleSymbols().get("mymod"));
    String text = full.renderKallsyms(true, false);
    assertThat(text).startsWith("ffffffff81000000 T _stext\n");
    assertThat(text).endsWith("ffffffffc0a01000 t my_helper\t[mymod]\n");
    assertThat(text).doesNotContain("jiffies");
    assertThat(full.renderKallsyms(true, true))
        .contains(" D jiffies\n")
        .contains("my_data\t[mymod]");
    assertThat(full.renderKallsyms(false, false)).startsWith("0000000000000000 T _stext\n");
  }

  @Test
  void procKsymsOf24MangledNamesWithRAndCrc() {
    SymbolTable table = SymbolTable.withBuiltins(Era.V2_4);
    KernelSymbol printk = table.findExport("printk", true);
    String ksyms = table.renderKsyms(true);
    assertThat(ksyms)
        .contains(String.format("%08x printk_R%08x%n", printk.address(), printk.crc()));
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

  @ParameterizedTest
  @EnumSource(Era.class)
  void everyVmlinuxFunctionLiesBetweenStextAndEtextAndDataAfter(Era era) {
    SymbolTable table = SymbolTable.withBuiltins(era);
    long stext = table.lookupName("_stext");
    long etext = table.lookupName("_etext");
    assertThat(table.kernelSymbols())
        .isSortedAccordingTo((a, b) -> Long.compareUnsigned(a.address(), b.address()));
    for (KernelSymbol symbol : table.kernelSymbols()) {
      if (symbol.isText()) {
        assertThat(symbol.address()).as(symbol.name()).isBetween(stext, etext);
        assertThat(symbol.address() + symbol.size()).as(symbol.name()).isLessThanOrEqualTo(etext);
      } else {
        assertThat(symbol.address()).as(symbol.name()).isGreaterThan(etext);
      }
    }
    String entry = era == Era.V6_X ? "exc_int3" : "do_int3";
    assertThat(table.find(entry)).isNotNull();
    assertThat(table.find("vfs_read").address()).isBetween(stext, etext);
  }

  @Test
  void kprobesAndKallsymsLookupNameReadTheSameSymbolWithItsSize() {
    SymbolTable table = SymbolTable.withBuiltins(Era.V6_X);
    KernelSymbol read = table.find("vfs_read");
    assertThat(read.address())
        .isEqualTo(0xffffffff81101600L)
        .isEqualTo(table.lookupName("vfs_read"));
    assertThat(read.size()).isEqualTo(0x170);
    assertThat(table.findAt(read.address() + 0x16f)).isEqualTo(read);
    assertThat(table.findAt(read.address() + 0x170).name()).isEqualTo("vfs_write");
    assertThat(table.renderKallsyms(true, false)).contains("ffffffff81101600 T vfs_read\n");
    assertThat(table.find("_printk").exported()).isTrue();
    assertThat(table.find("flush_tlb_all").address()).isEqualTo(0xffffffff81101530L);
    assertThat(table.findAt(0xffffffff82000000L)).isNull();
  }

  @Test
  void moduleSymbolsAreMeasuredToTheModulesNextSymbolAndFoundByModuleColonName() {
    SymbolTable table = SymbolTable.withBuiltins(Era.V6_X);
    table.addModule(
        "mymod",
        List.of(
            new KernelSymbol("my_fn", 0xffffffffc0a01000L, 't', "mymod", false, false, "", null),
            new KernelSymbol("vfs_read", 0xffffffffc0a01040L, 't', "mymod", false, false, "", null),
            KernelSymbol.local("my_last", 0xffffffffc0a01100L, 0x60, 't', "mymod")));
    assertThat(table.find("my_fn").size()).isEqualTo(0x40);
    assertThat(table.find("mymod:vfs_read").size()).isEqualTo(0xc0);
    assertThat(table.find("mymod:vfs_read").owner()).isEqualTo("mymod");
    assertThat(table.find("vfs_read").owner()).isNull(); // vmlinux first
    assertThat(table.find("my_last").size()).isEqualTo(0x60);
    assertThat(table.findAt(0xffffffffc0a01050L).name()).isEqualTo("vfs_read");
    assertThat(table.find("othermod:my_fn")).isNull();
    table.dropModule("mymod");
    assertThat(table.find("my_fn")).isNull();
    assertThat(table.lookupName("mymod:my_fn")).isZero();
  }

  /**
   * scripts/kallsyms.c symbol_valid(): "if --all-symbols is not specified, then symbols outside the
   * text and inittext sections are discarded"; kernel/module/kallsyms.c is_core_symbol() drops a
   * module's non-SHF_EXECINSTR symbols under #ifndef CONFIG_KALLSYMS_ALL. The symbols are absent
   * from the table, so kallsyms_lookup_name misses them too, not only /proc/kallsyms.
   */
  @Test
  void withoutKallsymsAllDataSymbolsAreNotInTheTable() {
    KernelSymbol data =
        new KernelSymbol("my_data", 0xffffffffc0a02000L, 'd', "mymod", false, false, "", null);
    KernelSymbol text =
        new KernelSymbol("my_helper", 0xffffffffc0a01000L, 't', "mymod", false, false, "", null);
    for (boolean all : new boolean[] {false, true}) {
      SymbolTable table = SymbolTable.forKernel(new KallsymsSettings(Era.V6_X, true, all, 0, 2));
      table.addModule("mymod", List.of(text, data));
      assertThat(table.lookupName("flush_tlb_all")).isNotZero();
      assertThat(table.lookupName("my_helper")).isEqualTo(0xffffffffc0a01000L);
      if (all) {
        assertThat(table.lookupName("jiffies")).isNotZero();
        assertThat(table.lookupName("mymod:my_data")).isEqualTo(0xffffffffc0a02000L);
        assertThat(table.findAt(0xffffffffc0a02000L).name()).isEqualTo("my_data");
      } else {
        assertThat(table.lookupName("jiffies")).isZero();
        assertThat(table.lookupName("linux_banner")).isZero();
        assertThat(table.lookupName("mymod:my_data")).isZero();
      }
    }
  }
}
