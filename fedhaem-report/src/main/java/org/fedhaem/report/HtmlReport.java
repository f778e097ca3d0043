package org.fedhaem.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report page: one self-contained HTML file (inline style, charts as PNG data URIs, no script, no external
 * reference) built from a run's {@code results.json} and its figures. Every text goes through {@link Html#text}.
 */
final class HtmlReport {
    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; color: #000; background: #fff; margin: 2em auto;
                   max-width: 960px; padding: 0 1em; line-height: 1.4; }
            h1 { margin-bottom: 0.2em; }
            h2 { border-bottom: 2px solid #000; padding-bottom: 0.1em; margin-top: 2em; }
            nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5em 1.5em; }
            .lead { font-size: 1.1em; }
            .wide { overflow-x: auto; }
            table { border-collapse: collapse; margin: 0.8em 0 1.2em; font-size: 0.9em; }
            caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
            caption .note { font-weight: normal; }
            th, td { border: 1px solid #000; padding: 0.2em 0.5em; vertical-align: top; }
            th { background: #eee; text-align: left; white-space: nowrap; }
            .grid { display: flex; flex-wrap: wrap; gap: 0 2.5em; align-items: flex-start; }
            table.settings td { max-width: 40em; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.undefined { font-style: italic; white-space: normal; max-width: 14em; }
            td span.undefined { font-style: italic; white-space: normal; display: inline-block; max-width: 14em;
                                text-align: left; }
            .ci { color: #333; font-size: 0.8em; }
            .note { font-style: italic; }
            table.confusion { display: inline-table; margin-right: 1.5em; }
            figure { margin: 1em 0 1.5em; }
            figure img { max-width: 100%; height: auto; border: 1px solid #ccc; }
            figcaption { font-size: 0.9em; margin-top: 0.3em; }
            code { font-family: ui-monospace, monospace; }
            footer { margin-top: 3em; border-top: 1px solid #000; padding-top: 0.5em; font-size: 0.9em; }
            @media print {
              body { margin: 0; max-width: none; font-size: 10pt; }
              nav { display: none; }
              .wide { overflow: visible; }
              table.comparison { font-size: 8pt; }
              figure, table, tr { break-inside: avoid; page-break-inside: avoid; }
              h2, h3 { break-after: avoid; page-break-after: avoid; }
              th { background: none; }
              figure img { border: none; }
            }
            """;

    /** Metrics whose values lie in [0, 1]. */
    private static final Set<String> BOUNDED = Set.of("c_index", "c_index_td", "brier", "f1", "precision", "recall",
            "accuracy", "auc");
    /** Metrics computed from a confusion matrix: the pooled figure sums the sites' matrices. */
    private static final Set<String> CONFUSION = Set.of("f1", "precision", "recall", "accuracy");

    private final JsonNode results;
    private final JsonNode experiment;
    private final List<String> sites = new ArrayList<>();
    private final List<String> strategies = new ArrayList<>();
    private final List<Figure> figures;
    private final Run run;
    private final Set<Figure> shown = Collections.newSetFromMap(new IdentityHashMap<>());
    private final StringBuilder out = new StringBuilder(1 << 16);

    private HtmlReport(JsonNode results, List<Figure> figures) {
        this.results = results;
        this.experiment = results.path("experiment");
        results.path("sites").forEach(s -> sites.add(s.asText()));
        experiment.path("strategies").forEach(s -> strategies.add(s.asText()));
        this.figures = List.copyOf(figures);
        this.run = new Run(results);
    }

    /** The whole page. */
    static String render(JsonNode results, List<Figure> figures) {
        HtmlReport page = new HtmlReport(results, figures);
        page.page();
        return page.out.toString();
    }

    private void page() {
        String name = experiment.path("name").asText("experiment");
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.text(name)).append(" · fedhaem report</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<header>\n")
                .append("<h1>").append(Html.text(name)).append("</h1>\n")
                .append("<p class=\"lead\">").append(Html.text(description())).append("</p>\n");
        JsonNode started = results.path("provenance").path("started");
        if (started.isTextual()) {
            out.append("<p>Run started ").append(Html.text(started.asText())).append(".</p>\n");
        }
        out.append("<nav><ul>")
                .append("<li><a href=\"#experiment\">The experiment as run</a></li>")
                .append("<li><a href=\"#data\">Data at each site</a></li>")
                .append("<li><a href=\"#comparison\">Isolated vs federated vs centralized</a></li>")
                .append("<li><a href=\"#learning\">Learning curves</a></li>")
                .append("<li><a href=\"#curves\">").append(Html.text(curvesTitle()))
                .append(!results.path("curves").isObject() ? " (not available: why)"
                        : results.has("curves_unavailable") ? " (confusion matrices only: why)" : "")
                .append("</a></li>")
                .append("</ul></nav>\n</header>\n<main>\n");
        experimentSection();
        dataSection();
        comparisonSection();
        learningSection();
        curvesSection();
        otherFigures();
        out.append("</main>\n<footer>\n<p>Regenerate this page and its charts from the run directory's results.json "
                        + "with <code>fedhaem report RUNDIR</code>. Written by fedhaem ")
                .append(Html.text(results.path("provenance").path("fedhaem_version").asText("(version unknown)")))
                .append(".</p>\n</footer>\n</body>\n</html>\n");
    }

    private String description() {
        StringBuilder d = new StringBuilder("Report of a fedhaem experiment: a ")
                .append(experiment.path("task").asText("?")).append(" task over ").append(sites.size())
                .append(sites.size() == 1 ? " site (" : " sites (").append(String.join(", ", sites)).append("), ");
        List<String> regimes = regimesRun();
        d.append(regimes.size() == 1 ? "regime " : "regimes ").append(String.join(", ", regimes));
        int repeats = experiment.path("repeats").asInt(0);
        d.append("; ").append(repeats).append(repeats == 1 ? " repeat" : " repeats").append(" from seed ")
                .append(experiment.path("seed").asText("?")).append('.');
        return d.toString();
    }

    /** The regimes with rows in the summary (a deployment skips centralized), in the experiment's order. */
    private List<String> regimesRun() {
        Set<String> withRows = new LinkedHashSet<>();
        results.path("summary").forEach(r -> withRows.add(r.path("regime").asText()));
        List<String> regimes = new ArrayList<>();
        experiment.path("regimes").forEach(r -> {
            if (withRows.remove(r.asText())) {
                regimes.add(r.asText());
            }
        });
        regimes.addAll(withRows);
        return regimes;
    }

    // ---- The experiment as run -----------------------------------------------------------------------------------

    private void experimentSection() {
        out.append("<section id=\"experiment\">\n<h2>The experiment as run</h2>\n");
        List<String[]> overview = new ArrayList<>();
        for (String key : List.of("name", "task", "seed", "repeats", "regimes", "strategies")) {
            if (experiment.has(key)) {
                overview.add(new String[] {key, value(experiment.get(key))});
            }
        }
        out.append("<div class=\"grid\">\n");
        keyValues("Overview", overview);
        for (String part : List.of("data", "model", "training", "split", "evaluation", "federation")) {
            JsonNode node = experiment.path(part);
            if (!node.isObject() || part.equals("federation") && simulation()) {
                continue;
            }
            List<String[]> rows = new ArrayList<>();
            node.fields().forEachRemaining(e -> {
                String shown = setting(part, e.getKey(), e.getValue());
                if (shown != null) {
                    rows.add(new String[] {e.getKey(), shown});
                }
            });
            if (part.equals("split")) {
                rows.addAll(siteSizes());
            }
            keyValues(switch (part) {
                case "data" -> "Data source";
                case "split" -> "Split";
                default -> part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1);
            }, rows);
        }
        if (!strategies.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            for (String s : strategies) {
                JsonNode options = experiment.path("strategy").path(s);
                rows.add(new String[] {s, options.isObject() && options.size() > 0 ? value(options) : "defaults"});
            }
            keyValues("Strategies and their options", rows);
        }
        out.append("</div>\n");
        JsonNode provenance = results.path("provenance");
        if (provenance.isObject()) {
            List<String[]> rows = new ArrayList<>();
            provenance.fields().forEachRemaining(e -> rows.add(new String[] {e.getKey(),
                    e.getKey().equals("command_line") && e.getValue().isArray() ? joined(e.getValue(), " ")
                            : value(e.getValue())}));
            if (results.path("wall_time_s").isNumber()) {
                rows.add(new String[] {"wall_time_s", value(results.get("wall_time_s"))});
            }
            keyValues("Provenance", rows);
        }
        out.append("</section>\n");
    }

    /**
     * A simulation's results: it has all its curves, or the command line says so (a deployment says {@code serve};
     * it has no curves or, for a binary task, only the confusion matrices with the reason for the rest).
     */
    private boolean simulation() {
        return results.path("curves").isObject() && !results.has("curves_unavailable")
                || "simulate".equals(results.path("provenance").path("command_line").path(1).asText());
    }

    /**
     * A setting as shown, or null for one that does not apply to this run (docs/experiments.md): the synthetic
     * cohort's size without a synthetic cohort, the hold-out share or the redraws of the folds on the other kind of
     * split, the survival-only or binary-only evaluation keys on the other task.
     */
    private String setting(String part, String key, JsonNode v) {
        String task = experiment.path("task").asText();
        boolean cv = experiment.path("split").path("cv_folds").asInt(0) > 0;
        boolean synthetic = experiment.path("data").path("synthetic").isTextual();
        boolean applies = switch (part + "." + key) {
            case "data.synthetic_rows" -> synthetic;
            case "split.test_fraction" -> !cv;
            case "split.cv_repeats" -> cv;
            case "evaluation.times", "evaluation.calibration_time" -> !task.equals("binary");
            case "evaluation.threshold" -> !task.equals("survival");
            default -> true;
        };
        if (!applies) {
            return null;
        }
        if (part.equals("data") && key.equals("synthetic_rows") && v.asInt(-1) == 0) {
            return "0 (the cohort's default size)";
        }
        return value(v);
    }

    /** Each site's rows in the first repeat, from the data summary, when the results hold one. */
    private List<String[]> siteSizes() {
        List<String[]> rows = new ArrayList<>();
        JsonNode summary = results.path("data_summary");
        for (JsonNode s : summary.path("sites")) {
            rows.add(new String[] {"rows at " + s.path("site").asText(), s.path("n").asText() + " (train "
                    + s.path("train").asText() + ", test " + s.path("test").asText() + "; repeat "
                    + summary.path("repeat").asText() + ")"});
        }
        return rows;
    }

    private void keyValues(String caption, List<String[]> rows) {
        out.append("<table class=\"settings\">\n<caption>").append(Html.text(caption)).append("</caption>\n");
        for (String[] r : rows) {
            out.append("<tr><th scope=\"row\">").append(Html.text(r[0])).append("</th><td>").append(Html.text(r[1]))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    /** A setting as people read it: scalars plain, lists comma-separated, tables as key = value pairs. */
    private static String value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "none";
        }
        if (v.isArray()) {
            return v.isEmpty() ? "none" : "[" + joined(v, ", ") + "]";
        }
        if (v.isObject()) {
            if (v.isEmpty()) {
                return "none";
            }
            List<String> parts = new ArrayList<>();
            v.fields().forEachRemaining(e -> parts.add(e.getKey() + " = " + value(e.getValue())));
            return String.join("; ", parts);
        }
        return v.asText();
    }

    private static String joined(JsonNode array, String separator) {
        List<String> parts = new ArrayList<>();
        array.forEach(x -> parts.add(x.isValueNode() ? x.asText() : value(x)));
        return String.join(separator, parts);
    }

    // ---- Data at each site ---------------------------------------------------------------------------------------

    private void dataSection() {
        out.append("<section id=\"data\">\n<h2>Data at each site</h2>\n");
        JsonNode summary = results.path("data_summary");
        if (!summary.isObject()) {
            out.append("<p class=\"note\">This results.json holds no data summary (written by an earlier version of "
                    + "fedhaem); run the experiment again for one.</p>\n</section>\n");
            return;
        }
        String cases = summary.path("case_kind").asText("cases");
        out.append("<p>Aggregates only, no patient row: each site's rows, ").append(Html.text(cases))
                .append(", and the training and test parts of repeat ").append(Html.text(summary.path("repeat")
                        .asText())).append(" (with cross-validation, its first fold); feature values raw, before "
                        + "imputation and scaling.</p>\n");
        out.append("<table class=\"sites\">\n<caption>Rows per site</caption>\n<tr><th>site</th><th>n</th><th>")
                .append(Html.text(cases)).append("</th><th>train</th><th>test</th><th>test ").append(Html.text(cases))
                .append("</th></tr>\n");
        for (JsonNode s : summary.path("sites")) {
            out.append("<tr><th scope=\"row\">").append(Html.text(s.path("site").asText())).append("</th>");
            for (String k : List.of("n", "cases", "train", "test", "test_cases")) {
                out.append("<td class=\"num\">").append(Html.text(s.path(k).asText("-"))).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
        List<JsonNode> siteNodes = new ArrayList<>();
        summary.path("sites").forEach(siteNodes::add);
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode s : siteNodes) {
            s.path("columns").forEach(c -> columns.add(c.path("name").asText()));
        }
        if (columns.isEmpty()) {
            out.append("</section>\n");
            return;
        }
        out.append("<div class=\"wide\"><table class=\"columns\">\n<caption>Feature columns per site: missing "
                + "values, min, max, mean of the observed values</caption>\n<tr><th rowspan=\"2\">column</th>");
        for (JsonNode s : siteNodes) {
            out.append("<th colspan=\"4\">").append(Html.text(s.path("site").asText())).append("</th>");
        }
        out.append("</tr>\n<tr>");
        for (int i = 0; i < siteNodes.size(); i++) {
            out.append("<th>missing</th><th>min</th><th>max</th><th>mean</th>");
        }
        out.append("</tr>\n");
        for (String column : columns) {
            out.append("<tr><th scope=\"row\">").append(Html.text(column)).append("</th>");
            for (JsonNode s : siteNodes) {
                JsonNode c = null;
                for (JsonNode x : s.path("columns")) {
                    if (x.path("name").asText().equals(column)) {
                        c = x;
                    }
                }
                if (c == null) {
                    out.append("<td colspan=\"4\" class=\"undefined\">not at this site</td>");
                    continue;
                }
                out.append("<td class=\"num\">").append(Html.text(c.path("missing").asText("-"))).append("</td>");
                for (String k : List.of("min", "max", "mean")) {
                    JsonNode v = c.path(k);
                    out.append("<td class=\"num\">").append(v.isNumber() ? Html.value(v.asDouble()) : "none")
                            .append("</td>");
                }
            }
            out.append("</tr>\n");
        }
        out.append("</table></div>\n</section>\n");
    }

    // ---- Isolated vs federated vs centralized --------------------------------------------------------------------

    private void comparisonSection() {
        out.append("<section id=\"comparison\">\n<h2>Isolated vs federated vs centralized</h2>\n");
        int repeats = experiment.path("repeats").asInt(0);
        out.append("<p>Each cell: the mean over ").append(repeats).append(repeats == 1 ? " repeat" : " repeats")
                .append(" and, under it in brackets, the 95 % t-interval. Rows: each site's model trained alone (isolated), "
                        + "each federated strategy, and the pooled training rows (centralized). Columns: the test "
                        + "sets. <em>pooled</em> combines what each site can share (Harrell pair counts or "
                        + "confusion matrices summed); <em>union</em> scores the union of the sites' test rows as if "
                        + "pooled centrally; a site's column is its own test rows.</p>\n");
        Map<String, String> reasons = undefinedReasons();
        for (String metric : metrics()) {
            comparisonTable(metric, reasons);
        }
        figures("comparison", "comparison");
        out.append("</section>\n");
    }

    private List<String> metrics() {
        Set<String> metrics = new LinkedHashSet<>();
        metrics.add(results.path("main_metric").asText());
        results.path("summary").forEach(s -> metrics.add(s.path("metric").asText()));
        return new ArrayList<>(metrics);
    }

    private void comparisonTable(String metric, Map<String, String> reasons) {
        Map<String, Map<String, JsonNode>> rows = new LinkedHashMap<>();
        Map<String, JsonNode> firstOfRow = new LinkedHashMap<>();
        Set<String> tests = new LinkedHashSet<>();
        for (JsonNode s : results.path("summary")) {
            if (!s.path("metric").asText().equals(metric)) {
                continue;
            }
            String label = label(s);
            rows.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(s.path("test").asText(), s);
            firstOfRow.putIfAbsent(label, s);
            tests.add(s.path("test").asText());
        }
        if (rows.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(tests);
        columns.sort(Comparator.comparingInt(this::testRank));
        List<String> labels = new ArrayList<>(rows.keySet());
        labels.sort(Comparator.comparingInt(l -> rowRank(firstOfRow.get(l))));
        boolean main = metric.equals(results.path("main_metric").asText());
        out.append("<div class=\"wide\"><table class=\"comparison\" id=\"metric-").append(Html.text(metric))
                .append("\">\n<caption>").append(Html.text(Run.metricName(metric))).append(main ? " (main metric)" : "");
        List<String> notes = tableNotes(metric, rows.values(), columns);
        if (!notes.isEmpty()) {
            out.append("<br><span class=\"note\">").append(Html.text(String.join(" ", notes))).append("</span>");
        }
        out.append("</caption>\n<tr><th>model</th>");
        for (String t : columns) {
            out.append("<th>").append(Html.text(t)).append("</th>");
        }
        out.append("</tr>\n");
        for (String label : labels) {
            out.append("<tr><th scope=\"row\">").append(Html.text(label)).append("</th>");
            for (String t : columns) {
                JsonNode s = rows.get(label).get(t);
                if (s == null) {
                    out.append("<td class=\"num\">-</td>");
                } else {
                    cell(s, reasons);
                }
            }
            out.append("</tr>\n");
        }
        out.append("</table></div>\n");
    }

    /** What a reader of one metric's table could otherwise take for a bug. */
    private static List<String> tableNotes(String metric, Iterable<Map<String, JsonNode>> rows, List<String> columns) {
        List<String> notes = new ArrayList<>();
        boolean outside = false;
        for (Map<String, JsonNode> row : rows) {
            for (JsonNode s : row.values()) {
                outside |= s.path("ci_low").isNumber() && s.get("ci_low").asDouble() < 0
                        || s.path("ci_high").isNumber() && s.get("ci_high").asDouble() > 1;
            }
        }
        if (outside && BOUNDED.contains(metric)) {
            notes.add("The intervals are t-intervals, not clipped to [0, 1]: over few repeats one may reach past the "
                    + "metric's range.");
        }
        if (metric.equals("c_index_td")) {
            notes.add("Equal to Harrell's C, as expected: a model with one baseline hazard (linear Cox, DeepSurv) "
                    + "gives survival curves that never cross, and then Antolini's C is Harrell's C up to tied risks "
                    + "and times. A difference would point at crossing curves.");
        }
        if (CONFUSION.contains(metric) && columns.contains("pooled") && columns.contains("union")) {
            notes.add("The union column repeats pooled by construction: the sites' summed confusion matrices are the union's.");
        }
        return notes;
    }

    private void cell(JsonNode s, Map<String, String> reasons) {
        int n = s.path("n").asInt(0);
        int undefined = s.path("undefined").asInt(0);
        String undefinedText = undefined == 0 ? "" : "undefined (" + undefined + " of " + (n + undefined)
                + (n + undefined == 1 ? " repeat: " : " repeats: ")
                + reasons.getOrDefault(key(s), "no reason recorded") + ")";
        if (n == 0 || !s.path("mean").isNumber()) {
            out.append("<td class=\"undefined\">").append(Html.text(undefinedText.isEmpty() ? "undefined"
                    : undefinedText)).append("</td>");
            return;
        }
        out.append("<td class=\"num\">").append(Html.metric(s.get("mean").asDouble()));
        if (s.path("ci_low").isNumber() && s.path("ci_high").isNumber()) {
            out.append("<br><span class=\"ci\">[").append(Html.metric(s.get("ci_low").asDouble())).append(", ")
                    .append(Html.metric(s.get("ci_high").asDouble())).append("]</span>");
        }
        if (!undefinedText.isEmpty()) {
            out.append("<br><span class=\"undefined\">").append(Html.text(undefinedText)).append("</span>");
        }
        out.append("</td>");
    }

    /** The distinct reasons of the undefined per-repeat values, per summary row. */
    private Map<String, String> undefinedReasons() {
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        for (JsonNode m : results.path("metrics")) {
            if (m.path("value").isNumber()) {
                continue;
            }
            String reason = m.path("undefined_reason").asText("no reason recorded");
            sets.computeIfAbsent(key(m), k -> new LinkedHashSet<>()).add(reason);
        }
        Map<String, String> reasons = new LinkedHashMap<>();
        sets.forEach((k, v) -> reasons.put(k, String.join("; ", v)));
        return reasons;
    }

    private static String key(JsonNode row) {
        return row.path("regime").asText() + '\u0000' + row.path("strategy").asText() + '\u0000'
                + row.path("trained_on").asText() + '\u0000' + row.path("test").asText() + '\u0000'
                + row.path("metric").asText();
    }

    /** A model as the command line's table and the charts name it. */
    private static String label(JsonNode row) {
        return Run.model(row.path("regime").asText(), row.path("strategy").asText(), row.path("trained_on").asText());
    }

    /** The seed study's row order: each site alone, each strategy, then the pooled data. */
    private int rowRank(JsonNode row) {
        return switch (row.path("regime").asText()) {
            case "isolated" -> rank(sites, row.path("trained_on").asText());
            case "federated" -> 10_000 + rank(strategies, row.path("strategy").asText());
            case "centralized" -> 20_000;
            default -> 30_000;
        };
    }

    private int testRank(String test) {
        return switch (test) {
            case "pooled" -> 0;
            case "union" -> 1;
            case "external" -> 20_000;
            default -> 2 + rank(sites, test);
        };
    }

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i >= 0 ? i : order.size();
    }

    // ---- Learning curves and the task's curves -------------------------------------------------------------------

    private void learningSection() {
        out.append("<section id=\"learning\">\n<h2>Learning curves</h2>\n");
        figures("learning-curve", "learning", "rounds");
        out.append("</section>\n");
    }

    private String curvesTitle() {
        return switch (experiment.path("task").asText()) {
            case "survival" -> "Survival: Kaplan-Meier by risk group and calibration";
            case "binary" -> "ROC curves and confusion matrices";
            default -> "Curves";
        };
    }

    private void curvesSection() {
        out.append("<section id=\"curves\">\n<h2>").append(Html.text(curvesTitle())).append("</h2>\n");
        JsonNode curves = results.path("curves");
        if (curves.isMissingNode()) {
            out.append("<p class=\"note\">This results.json holds no curves (written by an earlier version of "
                    + "fedhaem); run the experiment again for them.</p>\n");
        } else if (curves.isNull()) {
            String reason = results.path("curves_unavailable").asText("no reason recorded");
            out.append("<p class=\"note\">Curves are not available: ").append(Html.text(reason))
                    .append(reason.endsWith(".") ? "" : ".").append("</p>\n<p>So this section is empty on purpose; ")
                    .append("the tables above hold every metric the run could compute.</p>\n");
        } else if (results.has("curves_unavailable")) {
            // A deployment: the sites' confusion counts summed, no curve (that needs predictions in one place).
            String reason = results.path("curves_unavailable").asText();
            out.append("<p class=\"note\">ROC curves are not available: ").append(Html.text(reason))
                    .append(reason.endsWith(".") ? "" : ".").append("</p>\n<p>So no curve is drawn on purpose; ")
                    .append("the confusion matrices below are each site's counts on its own test rows, summed.</p>\n");
            confusionMatrices(curves.path("confusion"), curves.path("repeat").asInt(1),
                    "pooled".equals(curves.path("test").asText()));
        } else {
            out.append("<p>All curves and matrices below are on ")
                    .append(Html.text(run.curveRows(curves.path("repeat").asInt(1))))
                    .append(", so their figures differ from the tables' means: ").append(Html.text(run.tablesPool()))
                    .append(".</p>\n");
            if (experiment.path("task").asText().equals("survival")) {
                out.append("<h3>Kaplan-Meier curves by predicted risk group</h3>\n");
                figures("Kaplan-Meier", "km", "kaplan");
                out.append("<h3>Calibration</h3>\n");
                figures("calibration", "calibration");
            } else {
                out.append("<h3>ROC curves</h3>\n");
                figures("ROC", "roc");
                confusionMatrices(curves.path("confusion"), curves.path("repeat").asInt(1),
                        "pooled".equals(curves.path("test").asText()));
            }
        }
        out.append("</section>\n");
    }

    private void confusionMatrices(JsonNode confusion, int repeat, boolean summedAtSites) {
        if (!confusion.isArray() || confusion.isEmpty()) {
            return;
        }
        out.append("<h3>Confusion matrices</h3>\n<p>Counts on ").append(Html.text(run.curveRows(repeat, summedAtSites)))
                .append(", at the threshold given; rows: the observed label, columns: the prediction. These counts ")
                .append("are not those behind the tables' F1, precision, recall and accuracy, so an F1 computed from ")
                .append("them differs from the tables: ").append(Html.text(run.tablesPool())).append(".</p>\n<div>\n");
        for (JsonNode c : confusion) {
            out.append("<table class=\"confusion\">\n<caption>").append(Html.text(label(c)))
                    .append(" · threshold ").append(Html.text(c.path("threshold").asText())).append("</caption>\n")
                    .append("<tr><th></th><th>predicted 1</th><th>predicted 0</th></tr>\n")
                    .append("<tr><th scope=\"row\">observed 1</th>").append(count(c, "tp")).append(count(c, "fn"))
                    .append("</tr>\n<tr><th scope=\"row\">observed 0</th>").append(count(c, "fp"))
                    .append(count(c, "tn")).append("</tr>\n</table>\n");
        }
        out.append("</div>\n");
    }

    private static String count(JsonNode c, String key) {
        return "<td class=\"num\">" + Html.text(c.path(key).asText("-")) + "</td>";
    }

    // ---- Figures -------------------------------------------------------------------------------------------------

    /**
     * The figures whose file names start with one of the prefixes, in the order drawn; a sentence when there is
     * none, so an empty section is never silent.
     */
    private void figures(String what, String... prefixes) {
        int before = shown.size();
        for (Figure f : figures) {
            for (String p : prefixes) {
                if (!shown.contains(f) && f.file().startsWith(p)) {
                    figure(f);
                }
            }
        }
        if (shown.size() == before) {
            out.append("<p class=\"note\">No ").append(Html.text(what)).append(" chart was drawn for this run.</p>\n");
        }
    }

    /** Figures no section claimed: shown rather than lost. */
    private void otherFigures() {
        List<Figure> rest = figures.stream().filter(f -> !shown.contains(f)).toList();
        if (rest.isEmpty()) {
            return;
        }
        out.append("<section id=\"other-figures\">\n<h2>Other figures</h2>\n");
        rest.forEach(this::figure);
        out.append("</section>\n");
    }

    /** The PNGs are drawn for print (1440 px wide); 5/8 shows them 900 px wide, their text about 15 px high. */
    private void figure(Figure f) {
        shown.add(f);
        String caption = Html.text(f.caption());
        out.append("<figure id=\"").append(Html.text(f.file())).append("\">\n<img alt=\"").append(caption)
                .append("\" width=\"").append(Math.max(1, f.width() * 5 / 8)).append("\" height=\"")
                .append(Math.max(1, f.height() * 5 / 8)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(f.png())).append("\">\n<figcaption>").append(caption)
                .append(" <span class=\"note\">(").append(Html.text(f.file())).append(")</span></figcaption>\n")
                .append("</figure>\n");
    }
}
