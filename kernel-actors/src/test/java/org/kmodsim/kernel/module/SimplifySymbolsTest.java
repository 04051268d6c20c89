package org.kmodsim.kernel.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;
import org.kmodsim.kernel.kallsyms.KernelSymbol;
import org.kmodsim.kernel.kallsyms.SymbolTable;

class SimplifySymbolsTest {
  static final SimplifySymbols.Options STRICT = new SimplifySymbols.Options(true, false, false);
  static final SimplifySymbols.Options FORCE = new SimplifySymbols.Options(true, true, false);

  static SymbolTable withExporter(Era era) {
    SymbolTable table = SymbolTable.withBuiltins(era);
    ModuleDefinition exporter = Samples.load("exporter.conf", era);
    table.addModule(
        "exporter",
        exporter.exports().stream()
            .map(
                e ->
                    new KernelSymbol(
                        e.symbol(),
                        0xffffffffc0001000L,
                        e.type(),
                        "exporter",
                        true,
                        e.gplOnly(),
                        e.namespace(),
                        e.crc()))
            .collect(java.util.stream.Collectors.toList()));
    return table;
  }

  static SimplifySymbols.Result run(String sample, Era era, SimplifySymbols.Options options) {
    return SimplifySymbols.run(
        Samples.load(sample, era), false, withExporter(era), era, options, Taint.none());
  }

  @Test
  void importerUsesExporter() {
    SimplifySymbols.Result result = run("importer.conf", Era.V6_X, STRICT);
    assertThat(result.error()).isNull();
    assertThat(result.usesInOrder()).containsExactly("exporter");
  }

  @Test
  void gplOnlySymbolIsSimplyNotFoundForAProprietaryModule() {
    SimplifySymbols.Result result = run("gplonly.conf", Era.V6_X, STRICT);
    assertThat(result.error()).isEqualTo(Errno.ENOENT);
    assertThat(result.log())
        .containsExactly(LogLine.warn("gplonly: Unknown symbol exp_internal (err -2)"));
  }

  @Test
  void unknownSymbolLinePerEra() {
    assertThat(run("gplonly.conf", Era.V4_X, STRICT).log())
        .containsExactly(LogLine.warn("gplonly: Unknown symbol exp_internal (err 0)"));
    assertThat(run("gplonly.conf", Era.V2_6, STRICT).log())
        .containsExactly(LogLine.warn("gplonly: Unknown symbol exp_internal"));
  }

  @Test
  void crcMismatchDisagreesAndFailsWithEinval() {
    SimplifySymbols.Result result = run("badcrc.conf", Era.V6_X, STRICT);
    assertThat(result.error()).isEqualTo(Errno.EINVAL);
    assertThat(result.log())
        .containsExactly(
            LogLine.warn("badcrc: disagrees about version of symbol _printk"),
            LogLine.warn("badcrc: Unknown symbol _printk (err -22)"));
    assertThat(run("badcrc.conf", Era.V4_X, STRICT).log().get(1).text())
        .isEqualTo("badcrc: Unknown symbol printk (err -22)");
  }

  @Test
  void forcedLoadWithoutVersionsTaintsFOnceWithModuleLayoutAsReason() {
    SimplifySymbols.Result result =
        SimplifySymbols.run(
            Samples.load("hello.conf", Era.V6_X),
            true,
            withExporter(Era.V6_X),
            Era.V6_X,
            FORCE,
            Taint.none());
    assertThat(result.error()).isNull();
    assertThat(result.taints()).containsExactly(Taint.FORCED_MODULE);
    assertThat(result.log()).containsExactly(LogLine.warn("hello: module_layout: kernel tainted."));
    SimplifySymbols.Result refused =
        SimplifySymbols.run(
            Samples.load("hello.conf", Era.V6_X),
            true,
            withExporter(Era.V6_X),
            Era.V6_X,
            STRICT,
            Taint.none());
    assertThat(refused.error()).isEqualTo(Errno.ENOEXEC);
  }

  @Test
  void missingNamespaceImportIsEinvalIn6x() {
    SimplifySymbols.Result result = run("nsuser.conf", Era.V6_X, STRICT);
    assertThat(result.error()).isEqualTo(Errno.EINVAL);
    assertThat(result.log())
        .containsExactly(
            LogLine.err(
                "nsuser: module uses symbol (usb_stor_suspend) from namespace USB_STORAGE,"
                    + " but does not import it."),
            LogLine.warn("nsuser: Unknown symbol usb_stor_suspend (err -22)"));
  }

  @Test
  void vermagicComparisonIgnoresTheReleaseWithVersions() {
    assertThat(
            Modversions.sameMagic(
                "6.1.0 SMP preempt mod_unload modversions ", Modversions.vermagic(Era.V6_X), true))
        .isTrue();
    assertThat(
            Modversions.sameMagic(
                "6.1.0 SMP preempt mod_unload modversions ", Modversions.vermagic(Era.V6_X), false))
        .isFalse();
    assertThat(
            Modversions.sameMagic(
                "2.6.18 SMP mod_unload 686 ", Modversions.vermagic(Era.V6_X), true))
        .isFalse();
    // 2.6.32 kernel/module.c check_modstruct_version: find_symbol("module_layout", ...)
    assertThat(List.of(Modversions.layoutSymbol(Era.V2_6), Modversions.layoutSymbol(Era.V6_X)))
        .containsExactly("module_layout", "module_layout");
  }
}
