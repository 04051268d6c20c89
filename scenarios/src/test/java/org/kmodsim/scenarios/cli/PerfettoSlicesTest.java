package org.kmodsim.scenarios.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kmodsim.scenarios.cli.MainTest.kmodsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodsim.scenarios.testing.SeedSearch;

/**
 * The Perfetto trace ({@code run --trace FILE}) has named slices per CPU for system calls, module
 * functions, printk calls and probe handlers, nested as the calls were: read back from the JSON
 * file a catalogue run wrote.
 */
class PerfettoSlicesTest {
  private final ObjectMapper mapper = new ObjectMapper();

  /** A complete event ({@code ph: X}) read back: its thread, category, name, span in µs, detail. */
  private record Slice(int tid, String cat, String name, double start, double end, String detail) {
    boolean encloses(Slice inner) {
      return inner.tid == tid && start <= inner.start + 1e-9 && inner.end <= end + 1e-9;
    }
  }

  /** The slices of a trace file, in file order, each with the slice a reader nests it in. */
  private Map<Slice, Slice> parents;

  private List<Slice> slices(Path file) throws IOException {
    List<Slice> slices = new ArrayList<>();
    for (JsonNode e : mapper.readTree(file.toFile()).get("traceEvents")) {
      if (e.get("ph").asText().equals("X")) {
        double ts = e.get("ts").asDouble();
        slices.add(
            new Slice(
                e.get("tid").asInt(),
                e.get("cat").asText(),
                e.get("name").asText(),
                ts,
                ts + e.get("dur").asDouble(),
                e.path("args").path("detail").asText()));
      }
    }
    // As Perfetto's slice tracker nests complete events: per thread, in file order, a slice is
    // the child of the innermost open slice that encloses it.
    parents = new IdentityHashMap<>();
    Map<Integer, Deque<Slice>> open = new HashMap<>();
    for (Slice s : slices) {
      Deque<Slice> stack = open.computeIfAbsent(s.tid(), t -> new ArrayDeque<>());
      while (!stack.isEmpty() && !stack.peek().encloses(s)) {
        stack.pop();
      }
      if (!stack.isEmpty()) {
        parents.put(s, stack.peek());
      }
      stack.push(s);
    }
    return slices;
  }

  private static Slice named(List<Slice> slices, String cat, String name) {
    return slices.stream()
        .filter(s -> s.cat().equals(cat) && s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + cat + " slice " + name + " in " + slices));
  }

  private Optional<Slice> parent(Slice inner) {
    return Optional.ofNullable(parents.get(inner));
  }

  private String outcome(String scenario, long seed) {
    try {
      return mapper
          .readTree(kmodsim("run", scenario, "--seed", Long.toString(seed), "--json").out())
          .get("outcome")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aProbeHitOnACpuIsAProbeHandlerSliceAroundTheModuleFunctionItCalls(@TempDir Path dir)
      throws IOException {
    // probe-owner-unloaded: kprobe_leaker's init registers a kprobe on do_sys_open whose
    // pre_handler is the module's handler_pre; cpu1 calls do_sys_open (kcall) while cpu0
    // unloads the module without unregistering the probe.
    long seed =
        SeedSearch.of(s -> outcome("probe-owner-unloaded", s), o -> o)
            .expect("freed-handler")
            .allow("all-hits-before-unload")
            .within(20)
            .firstSeed("freed-handler");
    Path trace = dir.resolve("probe.json");
    kmodsim("run", "probe-owner-unloaded", "--seed", Long.toString(seed), "--trace", "" + trace);
    List<Slice> slices = slices(trace);

    Slice init = named(slices, "module function", "kprobe_leaker_init");
    assertThat(parent(init)).contains(named(slices, "syscall", "finit_module"));
    assertThat(init.detail()).isEqualTo("kprobe_leaker_init() [kprobe_leaker] returned 0");
    Slice exit = named(slices, "module function", "kprobe_leaker_exit");
    assertThat(parent(exit)).contains(named(slices, "syscall", "delete_module"));

    Slice caller = named(slices, "task", "caller");
    Slice handler = named(slices, "probe handler", "kprobe_leaker:kp->pre_handler");
    assertThat(parent(handler)).contains(caller);
    // The handler is the freed module's handler_pre: the CPU oopsed in it, the task was killed,
    // and the handler's slice ends with the task and says so.
    assertThat(handler.end()).isEqualTo(caller.end());
    assertThat(handler.detail()).endsWith("the task ended in it");
  }

  @Test
  void aKretprobesReturnHandlerIsASliceOnTheCpuThatReturned(@TempDir Path dir) throws IOException {
    // kretprobe-maxactive: rp's return handler ("spin 50ns") runs on the CPU that took the one
    // instance; the others count rp->nmissed and run no handler.
    Path trace = dir.resolve("kretprobe.json");
    kmodsim("run", "kretprobe-maxactive", "--seed", "1", "--trace", trace.toString());
    List<Slice> slices = slices(trace);
    List<Slice> handlers = slices.stream().filter(s -> s.cat().equals("probe handler")).toList();
    assertThat(handlers)
        .isNotEmpty()
        .allSatisfy(
            h -> {
              assertThat(h.name()).isEqualTo("rp->handler");
              assertThat(h.end() - h.start()).isGreaterThanOrEqualTo(0.050 - 1e-9);
              assertThat(parent(h)).map(Slice::cat).contains("task");
            });
  }

  @Test
  void aPrintkInAModuleInitIsNestedInTheInitInTheSystemCall(@TempDir Path dir) throws IOException {
    // probe-on-unloading-module boots with insmod hello.conf: hello_init printks "Hello, world".
    Path trace = dir.resolve("hello.json");
    kmodsim("run", "probe-on-unloading-module", "--seed", "1", "--trace", trace.toString());
    List<Slice> slices = slices(trace);
    Slice init = named(slices, "module function", "hello_init");
    assertThat(parent(init)).contains(named(slices, "syscall", "finit_module"));
    Slice printk = named(slices, "printk", "printk");
    assertThat(parent(printk)).contains(init);
    assertThat(slices)
        .extracting(Slice::cat)
        .isSubsetOf("task", "syscall", "printk", "module function", "probe handler");
  }
}
