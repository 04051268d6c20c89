package org.kmodsim.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.kallsyms.SymbolTable;
import org.kmodsim.kernel.module.ModuleDefinition;
import org.kmodsim.kernel.module.ModuleFile;
import org.kmodsim.kernel.module.ModuleParams;
import org.kmodsim.kernel.module.ParamSpec;
import org.kmodsim.kernel.module.ParamValue;
import org.kmodsim.kernel.printk.BufferLayout;
import org.kmodsim.kernel.printk.PrintkRingbuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pure hot paths under the actors: appending to the log buffer (with overwrite of the oldest
 * records once full), parsing module parameters as load_module does, and resolving a symbol as
 * simplify_symbols does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPathBenchmark {
  private PrintkRingbuffer ring;
  private long tick;
  private List<ParamSpec> helloParams;
  private Map<String, List<ParamValue>> helloDefaults;
  private SymbolTable symbols;
  private String printk;

  @Setup
  public void setUp() throws IOException {
    ring = new PrintkRingbuffer(128 * 1024, BufferLayout.RINGBUFFER, true);
    ModuleDefinition hello = ModuleFile.parse("hello.conf", sample("hello.conf"), Era.V6_X);
    helloParams = hello.params();
    helloDefaults = ModuleParams.defaults(helloParams, Era.V6_X);
    symbols = SymbolTable.withBuiltins(Era.V6_X);
    printk = SymbolTable.linkName(Era.V6_X, "printk"); // _printk since 5.15
    if (symbols.findExport(printk, true) == null) {
      throw new IllegalStateException("no export " + printk + " to look up");
    }
  }

  private static String sample(String name) throws IOException {
    try (InputStream in = HotPathBenchmark.class.getResourceAsStream("/modules/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Benchmark
  public Object ringBufferAppend() {
    return ring.store(
        0,
        6,
        false,
        0,
        tick++ * 1000,
        "usb 1-1: new high-speed USB device number 3 using xhci_hcd");
  }

  @Benchmark
  public Object parameterParsing() {
    return ModuleParams.parse(
        "hello",
        "howmany=5 whom=\"big world\" ids=1,2,3 verbose=y",
        helloParams,
        helloDefaults,
        Era.V6_X);
  }

  @Benchmark
  public Object symbolLookup() {
    return symbols.findExport(printk, true);
  }
}
