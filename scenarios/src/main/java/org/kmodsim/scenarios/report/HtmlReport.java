package org.kmodsim.scenarios.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One self-contained HTML page for a run, drawn from a {@link Report}: the outcome and the race
 * window at the top, the seed and the command that replays the run, a summary in words, a timeline
 * (a lane per CPU with its named slices, the kernel's lanes, the module's state and reference count
 * over time) that zooms and shows details on hover, and the kernel log. The styles, the script and
 * the data are inside the page: it opens offline and loads nothing from the network. The text parts
 * are written here, so the page says what happened even without scripts; the script draws the
 * timeline (report.js, an SVG).
 */
public final class HtmlReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HtmlReport() {}

  public static String render(Report report) {
    Report.Summary s = report.summary();
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        // No request may leave the page: scripts and styles are inline, nothing else is loaded.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<title>kmodsim ")
        .append(esc(report.title()))
        .append("</title>\n<style>\n")
        .append(resource("report.css"))
        .append("</style></head><body>\n<header>\n<h1>")
        .append(esc(report.title()))
        .append("</h1>\n<div id=\"outcome\" class=\"outcome ")
        .append(esc(s.outcomeClass()))
        .append("\"><span class=\"outcome-name\">")
        .append(esc(s.outcome()))
        .append("</span> <span class=\"outcome-class\">")
        .append(esc(s.outcomeClass()))
        .append("</span><div class=\"sentence\">")
        .append(esc(s.sentence()))
        .append("</div></div>\n");
    if (report.raceWindow() != null) {
      h.append("<div id=\"race\" class=\"race\"><b>Race window</b> ")
          .append(esc(report.raceWindow().explanation()))
          .append(" <button id=\"zoom-race\" type=\"button\">show it</button></div>\n");
    }
    h.append("<div class=\"replay\">seed <b id=\"seed\">")
        .append(s.seed())
        .append("</b> &middot; run it again: <code id=\"replay\">")
        .append(esc(s.replayCommand()))
        .append("</code> <button id=\"copy\" type=\"button\">copy</button></div>\n</header>\n");
    h.append("<section><h2>Timeline</h2>\n")
        .append(toolbar())
        .append("<div id=\"timeline\">")
        .append("<noscript>The timeline needs JavaScript; the summary and the kernel log are")
        .append(" below.</noscript></div>\n<div id=\"tip\" role=\"tooltip\" hidden></div>\n")
        .append("</section>\n<section class=\"columns\"><div><h2>Summary</h2>\n")
        .append("<table id=\"summary\">\n");
    for (Report.Fact fact : s.facts()) {
      h.append("<tr><th>")
          .append(esc(fact.label()))
          .append("</th><td>")
          .append(esc(fact.value()))
          .append("</td></tr>\n");
    }
    h.append("</table></div>\n<div><h2>Kernel log</h2>\n<table id=\"kernel-log\">\n");
    if (report.kernelLog().isEmpty()) {
      h.append("<tr><td>(no printk records in this run)</td></tr>\n");
    }
    for (int i = 0; i < report.kernelLog().size(); i++) {
      Report.LogLine line = report.kernelLog().get(i);
      h.append("<tr data-log=\"")
          .append(i)
          .append("\" class=\"level")
          .append(line.level())
          .append("\"><td class=\"t\">")
          .append(esc(Units.time(line.timeNanos())))
          .append("</td><td class=\"lvl\">&lt;")
          .append(line.level())
          .append("&gt;</td><td>")
          .append(esc(line.text()))
          .append("</td></tr>\n");
    }
    h.append("</table></div></section>\n<script type=\"application/json\" id=\"report-data\">")
        .append(json(report))
        .append("</script>\n<script>\n")
        .append(resource("report.js"))
        .append("</script>\n</body></html>\n");
    return h.toString();
  }

  private static String toolbar() {
    return "<div class=\"toolbar\">"
        + "<span class=\"group\">axis <button type=\"button\" data-axis=\"time\">time</button>"
        + "<button type=\"button\" data-axis=\"order\">step order</button></span>"
        + "<span class=\"group\"><button type=\"button\" id=\"zoom-in\">+</button>"
        + "<button type=\"button\" id=\"zoom-out\">&minus;</button>"
        + "<button type=\"button\" id=\"zoom-fit\">whole run</button></span>"
        + "<span class=\"hint\">wheel: zoom &middot; drag: pan &middot; hover: details"
        + " &middot; click a log line: find it</span><span id=\"view\"></span></div>\n";
  }

  /** The report as JSON inside a script element: {@code </} cannot end the element early. */
  private static String json(Report report) {
    try {
      return JSON.writeValueAsString(report).replace("</", "<\\/").replace("<!--", "<\\!--");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the report's data cannot be written as JSON", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
