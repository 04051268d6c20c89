package org.kmodsim.scenarios.trace;

import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page for a run: the summary, an SVG timeline (a lane per CPU and per
 * kernel actor, bars for programs and waiting steps, ticks for events, red marks for violations,
 * details in tooltips) and the kernel log (the printk events of the trace). No scripts, no network:
 * it opens offline in any browser.
 */
public final class HtmlReport {
  private static final int LANE = 28;
  private static final int LEFT = 110;
  private static final int WIDTH = 1100;

  private HtmlReport() {}

  public static String render(
      String title, Map<String, Object> summary, TraceModel model, List<String> kernelLog) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(esc(title))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;")
        .append("text-align:left;vertical-align:top}pre{background:#f6f6f6;padding:1em}")
        .append(".forbidden,.unlisted{color:#b00;font-weight:bold}")
        .append(".acceptable{color:#070}.interesting{color:#a60}\n</style></head><body>\n");
    h.append("<h1>").append(esc(title)).append("</h1>\n<table>\n");
    for (Map.Entry<String, Object> e : summary.entrySet()) {
      String value = String.valueOf(e.getValue());
      String cls = e.getKey().equals("outcomeClass") ? " class=\"" + esc(value) + "\"" : "";
      h.append("<tr><th>")
          .append(esc(e.getKey()))
          .append("</th><td")
          .append(cls)
          .append(">")
          .append(esc(value))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Timeline</h2>\n").append(svg(model));
    h.append("<h2>Kernel log</h2>\n<pre>");
    if (kernelLog.isEmpty()) {
      h.append("(no printk records in this run)");
    }
    for (String line : kernelLog) {
      h.append(esc(line)).append('\n');
    }
    h.append("</pre>\n</body></html>\n");
    return h.toString();
  }

  private static String svg(TraceModel model) {
    List<String> tracks = model.tracks();
    int height = LANE * tracks.size() + 40;
    double end = Math.max(1, model.endNanos());
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" font-size=\"12\">%n",
            LEFT + WIDTH + 20, height));
    for (int i = 0; i < tracks.size(); i++) {
      int y = 10 + i * LANE;
      s.append(String.format("<text x=\"4\" y=\"%d\">%s</text>", y + 17, esc(tracks.get(i))));
      s.append(
          String.format(
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>%n",
              LEFT, y + LANE, LEFT + WIDTH, y + LANE));
    }
    for (TraceModel.Slice sl : model.slices()) {
      int lane = tracks.indexOf(sl.track());
      double x = LEFT + WIDTH * sl.startNanos() / end;
      double w = Math.max(1.5, WIDTH * (sl.endNanos() - sl.startNanos()) / end);
      boolean program = sl.detail().startsWith("exit") || sl.detail().equals("unfinished");
      boolean busy = sl.name().equals("busy");
      s.append(
          String.format(
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                  + "fill=\"%s\" opacity=\"0.7\"><title>%s</title></rect>%n",
              x,
              10 + lane * LANE + (program ? 4 : 9),
              w,
              program ? 18 : 8,
              program ? "#9cc3e6" : busy ? "#e0a030" : "#2a6db0",
              esc(
                  sl.name()
                      + " ["
                      + sl.startNanos()
                      + ".."
                      + sl.endNanos()
                      + " ns] "
                      + sl.detail())));
    }
    for (TraceModel.Instant in : model.instants()) {
      int lane = tracks.indexOf(in.track());
      double x = LEFT + WIDTH * in.timeNanos() / end;
      boolean bad = in.kind().startsWith("violation");
      s.append(
          String.format(
              "<circle cx=\"%.1f\" cy=\"%d\" r=\"%d\" fill=\"%s\"><title>%s"
                  + "</title></circle>%n",
              x,
              10 + lane * LANE + 14,
              bad ? 6 : 3,
              bad ? "#d00" : "#444",
              esc(in.timeNanos() + " ns " + in.kind() + " " + in.detail())));
    }
    s.append(String.format("<text x=\"%d\" y=\"%d\">0 ns</text>", LEFT, height - 8));
    s.append(
        String.format(
            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d ns</text>%n",
            LEFT + WIDTH, height - 8, model.endNanos()));
    return s.append("</svg>\n").toString();
  }

  static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
