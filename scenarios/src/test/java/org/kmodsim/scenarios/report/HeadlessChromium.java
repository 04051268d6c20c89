package org.kmodsim.scenarios.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven through the DevTools protocol (the JDK's WebSocket client, no other
 * library): open a page, wait for its scripts, evaluate expressions, collect console errors,
 * exceptions and every network request. Chromium is found as {@code $KMODSIM_CHROMIUM} or on the
 * PATH ({@code chromium}, {@code chromium-browser}, {@code google-chrome}); {@code .ci/run}
 * installs Debian's when it is missing.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final long TIMEOUT_SECONDS = 60;

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
  final List<String> errors = new CopyOnWriteArrayList<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  /** The browser to use, or null when none is installed. */
  static String find() {
    String configured = System.getenv("KMODSIM_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name :
        List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String dir : path.split(File.pathSeparator)) {
        File candidate = new File(dir, name);
        if (candidate.canExecute()) {
          return candidate.getPath();
        }
      }
    }
    return null;
  }

  HeadlessChromium(String browser, int width, int height) throws Exception {
    profile = Files.createTempDirectory("kmodsim-chromium");
    process =
        new ProcessBuilder(
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String browserSocket = listening();
    String port = URI.create(browserSocket).getPort() + "";
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String page = null;
    for (JsonNode t : targets) {
      if (t.path("type").asText().equals("page")) {
        page = t.path("webSocketDebuggerUrl").asText();
      }
    }
    if (page == null) {
      throw new IllegalStateException("Chromium has no page target: " + targets);
    }
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(page), new Listener())
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    call("Runtime.enable", Map.of());
    call("Log.enable", Map.of());
    call("Network.enable", Map.of());
    call("Page.enable", Map.of());
    // The page's viewport is the size asked for: Chromium's new headless mode (the only one since
    // 132) takes --window-size for the window and gives the page less (1600x857 of 1600x1000).
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  /** Reads Chromium's standard error until it names its DevTools socket. */
  private String listening() throws IOException {
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line = err.readLine(); line != null; line = err.readLine()) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        // Keep draining, so that Chromium never blocks on a full pipe.
        Thread drain = new Thread(() -> err.lines().forEach(l -> {}), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
      seen.add(line);
    }
    throw new IllegalStateException("Chromium stopped before listening: " + seen);
  }

  /** Opens the file and waits for its load event. */
  void open(Path file) throws Exception {
    CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
    awaited.put("Page.loadEventFired", loaded);
    call("Page.navigate", Map.of("url", file.toUri().toString()));
    loaded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** The value of a JavaScript expression (promises awaited), as JSON. */
  JsonNode eval(String expression) throws Exception {
    JsonNode result =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(
          "the page's script failed: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  byte[] screenshot() throws Exception {
    JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
    return java.util.Base64.getDecoder().decode(shot.get("data").asText());
  }

  JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode();
    message.put("id", id);
    message.put("method", method);
    message.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    JsonNode reply = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  private void onMessage(JsonNode message) {
    if (message.has("id")) {
      CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
      if (answer != null) {
        answer.complete(message);
      }
      return;
    }
    String method = message.path("method").asText();
    JsonNode params = message.path("params");
    switch (method) {
      case "Runtime.consoleAPICalled" -> {
        String type = params.path("type").asText();
        if (type.equals("error") || type.equals("assert") || type.equals("warning")) {
          errors.add("console." + type + ": " + params.path("args"));
        }
      }
      case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
      case "Log.entryAdded" -> {
        if (params.path("entry").path("level").asText().equals("error")) {
          errors.add("log: " + params.path("entry").path("text").asText());
        }
      }
      case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
      default -> {
        CompletableFuture<JsonNode> waiter = awaited.remove(method);
        if (waiter != null) {
          waiter.complete(params);
        }
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          onMessage(JSON.readTree(text.toString()));
        } catch (IOException e) {
          errors.add("unreadable DevTools message: " + e.getMessage());
        }
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // The browser is stopped below either way.
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
