package org.fedhaem.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    private static final Pattern ROW = Pattern.compile("<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>");
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>");
    private static final Pattern HEADER = Pattern.compile("<th>(.*?)</th>");

    @Test
    void everyModelAndTestSetOfTheSummaryIsInItsTableWithTheMeanAndIntervalOfResultsJson() {
        for (ObjectNode results : List.of(Fixtures.binary(), Fixtures.survival())) {
            String html = HtmlReport.render(results, List.of());
            int checked = 0;
            for (JsonNode s : results.get("summary")) {
                String cell = cell(html, s.get("metric").asText(), label(s), s.get("test").asText());
                if (s.get("ci_low").isNull() && s.get("n").asInt() > 0) {
                    assertThat(cell).as(s.toString()).startsWith(String.format(Locale.ROOT, "%.4f<br>",
                            s.get("mean").asDouble()));
                } else if (s.get("n").asInt() > 0) {
                    assertThat(cell).as(s.toString()).startsWith(String.format(Locale.ROOT,
                            "%.4f<br><span class=\"ci\">[%.4f, %.4f]</span>", s.get("mean").asDouble(),
                            s.get("ci_low").asDouble(), s.get("ci_high").asDouble()));
                } else {
                    assertThat(cell).as(s.toString()).startsWith("undefined (2 of 2 repeats: ");
                }
                checked++;
            }
            assertThat(checked).isEqualTo(results.get("summary").size()).isGreaterThanOrEqualTo(28);
        }
    }

    @Test
    void rowsFollowTheSeedStudysOrderAndColumnsPooledUnionThenSites() {
        String html = HtmlReport.render(Fixtures.binary(), List.of());
        String table = table(html, "f1");
        assertThat(rowLabels(table)).containsExactly("isolated (site1)", "isolated (site2)", "federated fedavg",
                "federated fedprox", "centralized");
        assertThat(headers(table)).containsExactly("model", "pooled", "union", "site1", "site2");
        // The main metric's table comes first, then the others in results.json's order.
        assertThat(html.indexOf("id=\"metric-f1\"")).isLessThan(html.indexOf("id=\"metric-precision\""));
        assertThat(html.indexOf("id=\"metric-precision\"")).isLessThan(html.indexOf("id=\"metric-auc\""));
        assertThat(headers(table(html, "auc"))).containsExactly("model", "union", "site1", "site2");
    }

    @Test
    void undefinedMetricsSayHowOftenAndWhy() {
        String html = HtmlReport.render(Fixtures.binary(), List.of());
        assertThat(cell(html, "f1", "isolated (site2)", "site2"))
                .isEqualTo("undefined (2 of 2 repeats: no positive prediction in the test set)");
        // Defined in one repeat: the value of that repeat, no interval, and why the other is missing.
        String partial = cell(html, "f1", "federated fedprox", "site1");
        assertThat(partial).matches("\\d\\.\\d{4}<br><span class=\"undefined\">undefined \\(1 of 2 repeats: "
                + "no positive label in the test set\\)</span>");
    }

    @Test
    void theExperimentProvenanceAndDataSummaryAreShownFromAggregates() {
        String html = HtmlReport.render(Fixtures.binary(), List.of());
        assertThat(html).contains("<h1>scd-test</h1>")
                .contains("a binary task over 2 sites (site1, site2), regimes isolated, federated, centralized; "
                        + "2 repeats from seed 7.")
                .contains("<th scope=\"row\">fedprox</th><td>mu = 0.1; fraction_fit = 1.0</td>")
                .contains("<th scope=\"row\">fedavg</th><td>fraction_fit = 1.0</td>")
                .contains("<th scope=\"row\">path</th><td>cohort.csv</td>")
                .contains("<th scope=\"row\">rows at site1</th><td>60 (train 45, test 15; repeat 1)</td>")
                .contains("<th scope=\"row\">command_line</th><td>fedhaem simulate x.toml</td>")
                .contains("<th scope=\"row\">git_commit</th><td>abc123</td>")
                .contains("<th>site</th><th>n</th><th>positives</th><th>train</th><th>test</th>"
                        + "<th>test positives</th>");
        List<String> site2 = cells(row(section(html, "data"), "site2"));
        assertThat(site2).containsExactly("40", "13", "30", "10", "3");
        List<String> hb = cells(row(section(html, "data"), "hb"));
        // site1 never observed hb: no min, max or mean; site2's raw values to 4 significant digits.
        assertThat(hb).containsExactly("60", "none", "none", "none", "1", "6.2", "14.75", "10.03");
        assertThat(cells(row(section(html, "data"), "age"))).containsExactly("3", "18", "95", "61.23", "0", "21.5",
                "88", "59");
        assertThat(html).contains("fedhaem report RUNDIR");
    }

    @Test
    void binaryRunsShowEachConfusionMatrix() {
        String html = HtmlReport.render(Fixtures.binary(), List.of());
        String curves = section(html, "curves");
        assertThat(curves).contains("<caption>federated fedavg · threshold 0.5</caption>")
                .contains("<caption>isolated (site1) · threshold 0.5</caption>");
        int fedavg = curves.indexOf("federated fedavg · threshold");
        String matrix = curves.substring(fedavg, curves.indexOf("</table>", fedavg));
        assertThat(cells(row(matrix, "observed 1"))).containsExactly("5", "7");
        assertThat(cells(row(matrix, "observed 0"))).containsExactly("3", "40");
    }

    @Test
    void curvesThatADeploymentCannotComputeAreExplained() {
        String html = HtmlReport.render(Fixtures.survival(), List.of());
        assertThat(section(html, "curves")).contains("Kaplan-Meier").contains("Curves are not available: a deployment "
                + "keeps predictions at the sites &lt;never sent&gt;");
        ObjectNode old = Fixtures.survival();
        old.remove("curves");
        old.remove("data_summary");
        String oldHtml = HtmlReport.render(old, List.of());
        assertThat(section(oldHtml, "curves")).contains("holds no curves");
        assertThat(section(oldHtml, "data")).contains("holds no data summary");
    }

    @Test
    void aBinaryDeploymentShowsItsConfusionMatricesAndWhyTheRocCurvesAreMissing() {
        ObjectNode deployment = Fixtures.binary();
        ObjectNode curves = (ObjectNode) deployment.get("curves");
        curves.remove("roc");
        curves.put("test", "pooled");
        deployment.put("curves_unavailable", "predictions stay at the sites <never sent>");
        ((ObjectNode) deployment.get("provenance")).putArray("command_line").add("fedhaem").add("serve");
        ((ObjectNode) deployment.get("experiment")).putObject("federation").putArray("sites").add("site1");
        String html = HtmlReport.render(deployment, List.of());
        assertThat(html).contains("<a href=\"#curves\">ROC curves and confusion matrices (confusion matrices only: "
                + "why)</a>");
        assertThat(section(html, "experiment")).contains("<caption>Federation</caption>");
        String section = section(html, "curves");
        assertThat(section).contains("ROC curves are not available: predictions stay at the sites &lt;never sent&gt;.")
                .contains("each site's counts on its own test rows, summed").doesNotContain("No ROC chart")
                .contains("counted at the site and summed").doesNotContain("union of the sites' test rows");
        int fedavg = section.indexOf("federated fedavg · threshold");
        String matrix = section.substring(fedavg, section.indexOf("</table>", fedavg));
        assertThat(cells(row(matrix, "observed 1"))).containsExactly("5", "7");
        assertThat(cells(row(matrix, "observed 0"))).containsExactly("3", "40");
    }

    @Test
    void figuresAreEmbeddedAtFiveEighthsSizeWithTheirCaptionInTheirSection() throws IOException {
        Figure comparison = Fixtures.figure("comparison-f1.png", "F1 on each site's test set", 80, 60);
        Figure learning = Fixtures.figure("learning-fedavg.png", "F1 per round, fedavg", 40, 30);
        Figure roc = Fixtures.figure("roc.png", "ROC curves <union>", 50, 50);
        Figure unknown = Fixtures.figure("extra.png", "Something new", 20, 20);
        String html = HtmlReport.render(Fixtures.binary(), List.of(unknown, roc, learning, comparison));
        assertThat(section(html, "comparison")).contains("id=\"comparison-f1.png\"").doesNotContain("roc.png");
        assertThat(section(html, "learning")).contains("id=\"learning-fedavg.png\"");
        assertThat(section(html, "curves")).contains("id=\"roc.png\"")
                .contains("<img alt=\"ROC curves &lt;union&gt;\" width=\"31\" height=\"31\" src=\"data:image/png;base64,")
                .contains("<figcaption>ROC curves &lt;union&gt;");
        assertThat(section(html, "other-figures")).contains("id=\"extra.png\"");
        assertThat(html).contains("alt=\"F1 on each site's test set\"".replace("'", "&#39;"))
                .contains("width=\"25\" height=\"18\"");

        Matcher img = Pattern.compile("<figure id=\"comparison-f1.png\">\\n<img [^>]*src=\"data:image/png;base64,"
                + "([A-Za-z0-9+/=]+)\"").matcher(html);
        assertThat(img.find()).isTrue();
        byte[] png = Base64.getDecoder().decode(img.group(1));
        assertThat(png).isEqualTo(comparison.png());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(80);
        assertThat(decoded.getHeight()).isEqualTo(60);
    }

    @Test
    void withoutChartsEverySectionSaysSo() {
        String html = HtmlReport.render(Fixtures.binary(), List.of());
        assertThat(section(html, "comparison")).contains("No comparison chart was drawn for this run.");
        assertThat(section(html, "learning")).contains("No learning-curve chart was drawn for this run.");
        assertThat(html).doesNotContain("<figure").doesNotContain("other-figures");
    }

    @Test
    void theHeaderListsOnlyTheRegimesWithRowsAndTheCurvesLinkSaysTheyAreMissing() {
        ObjectNode deployment = Fixtures.survival();
        ArrayNode kept = deployment.putArray("kept");
        deployment.get("summary").forEach(s -> {
            if (!s.get("regime").asText().equals("centralized")) {
                kept.add(s);
            }
        });
        deployment.set("summary", kept);
        deployment.remove("kept");
        String html = HtmlReport.render(deployment, List.of());
        String lead = html.substring(html.indexOf("<p class=\"lead\">"), html.indexOf("</p>", html.indexOf("lead")));
        assertThat(lead).contains("regimes isolated, federated;").doesNotContain("centralized");
        assertThat(html).contains("<a href=\"#curves\">Survival: Kaplan-Meier by risk group and calibration "
                + "(not available: why)</a>");
        assertThat(section(html, "curves")).contains("So this section is empty on purpose");
        assertThat(HtmlReport.render(Fixtures.binary(), List.of())).contains(">ROC curves and confusion matrices</a>");
    }

    @Test
    void settingsThatDoNotApplyToTheRunAreLeftOut() {
        ObjectNode results = Fixtures.binary();
        ObjectNode experiment = (ObjectNode) results.get("experiment");
        ((ObjectNode) experiment.get("data")).put("synthetic", "scd").put("synthetic_rows", 0);
        experiment.putObject("split").put("test_fraction", 0.0).put("cv_folds", 3).put("cv_repeats", 2);
        experiment.putObject("federation").putArray("sites");
        String html = section(HtmlReport.render(results, List.of()), "experiment");
        assertThat(html).contains("<th scope=\"row\">synthetic_rows</th><td>0 (the cohort&#39;s default size)</td>")
                .contains("<th scope=\"row\">cv_repeats</th><td>2</td>").doesNotContain("test_fraction")
                .doesNotContain("<caption>Federation</caption>").doesNotContain(">times<")
                .contains("<th scope=\"row\">threshold</th><td>0.5</td>");

        experiment.putObject("split").put("test_fraction", 0.25).put("cv_folds", 0).put("cv_repeats", 1);
        ((ObjectNode) experiment.get("data")).remove("synthetic");
        ((ObjectNode) results.get("provenance")).putArray("command_line").add("fedhaem").add("serve").add("x.toml");
        results.putNull("curves");
        String deployment = section(HtmlReport.render(results, List.of()), "experiment");
        assertThat(deployment).contains("<th scope=\"row\">test_fraction</th><td>0.25</td>")
                .doesNotContain("cv_repeats").doesNotContain("synthetic_rows").contains("<caption>Federation</caption>");
    }

    @Test
    void tableCaptionsExplainWhatCouldLookLikeABug() {
        ObjectNode results = Fixtures.binary();
        String html = HtmlReport.render(results, List.of());
        assertThat(table(html, "f1")).contains("The union column repeats pooled by construction");
        assertThat(table(html, "auc")).doesNotContain("repeats pooled");
        // the fixture's made-up values run past 1: bring the f1 intervals inside [0, 1] first
        JsonNode first = null;
        for (JsonNode s : results.get("summary")) {
            if (s.get("metric").asText().equals("f1") && s.get("ci_high").isNumber()) {
                ((ObjectNode) s).put("mean", 0.5).put("ci_low", 0.4).put("ci_high", 0.6);
                first = first == null ? s : first;
            }
        }
        html = HtmlReport.render(results, List.of());
        assertThat(table(html, "f1")).doesNotContain("not clipped");
        ((ObjectNode) first).put("ci_high", 1.07);
        html = HtmlReport.render(results, List.of());
        assertThat(table(html, "f1")).contains("t-intervals, not clipped to [0, 1]");
        assertThat(cell(html, "f1", label(first), first.get("test").asText())).contains(", 1.0700]");

        ObjectNode survival = Fixtures.survival();
        for (JsonNode s : survival.get("summary")) {
            if (s.get("metric").asText().equals("c_index")) {
                ((ArrayNode) survival.get("summary"))
                        .add(((ObjectNode) s.deepCopy()).put("metric", "c_index_td"));
                break;
            }
        }
        assertThat(table(HtmlReport.render(survival, List.of()), "c_index_td"))
                .contains("Equal to Harrell&#39;s C, as expected");
    }

    @Test
    void curvesAndConfusionMatricesSayWhichRowsAndWhyTheyDifferFromTheTables() {
        ObjectNode results = Fixtures.binary();
        String holdOut = section(HtmlReport.render(results, List.of()), "curves");
        assertThat(holdOut).contains("on the union of the sites&#39; test rows in repeat 1 (each patient once")
                .contains("the tables give the mean over 2 repeats");
        ((ObjectNode) results.get("experiment")).putObject("split").put("cv_folds", 3).put("cv_repeats", 2);
        String cv = section(HtmlReport.render(results, List.of()), "curves");
        assertThat(cv).contains("Counts on the out-of-fold predictions of repeat 1&#39;s first cross-validation "
                + "repetition (3 folds per site; each patient once")
                .contains("every fold of all 2 cross-validation repetitions (each patient counted 2 times) and then "
                        + "give the mean over 2 repeats");
    }

    @Test
    void thePageReferencesNothingOutsideItself() {
        String html = HtmlReport.render(Fixtures.binary(), List.of(Fixtures.figure("comparison-f1.png", "c", 8, 8),
                Fixtures.figure("roc.png", "r", 8, 8)));
        Matcher refs = Pattern.compile("(?i)\\b(src|href|action|srcset|poster|data)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        int n = 0;
        while (refs.find()) {
            assertThat(refs.group(2)).as(refs.group()).matches("(data:image/png;base64,|#).*");
            n++;
        }
        assertThat(n).isGreaterThanOrEqualTo(2 + 5);
        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("@import").doesNotContain("<script")
                .doesNotContain("<link").doesNotContain("<iframe").doesNotContain("http:").doesNotContain("https:")
                .doesNotContain("//fonts");
        Matcher url = Pattern.compile("(?i)url\\(").matcher(html);
        while (url.find()) {
            assertThat(html.substring(url.end())).startsWith("data:");
        }
        assertThat(html).contains("font-family: system-ui, sans-serif").contains("@media print")
                .contains("break-inside: avoid");
    }

    @Test
    void aHostileExperimentNameSiteAndReasonAreEscaped() {
        ObjectNode results = Fixtures.binary();
        String hostile = "<script>alert(\"x\")</script> & 'co' <img src=http://evil/x.png>";
        ((ObjectNode) results.get("experiment")).put("name", hostile);
        ((ObjectNode) results.get("metrics").get(0)).put("value", (String) null)
                .put("undefined_reason", "</td><script>bad()</script>");
        ((ObjectNode) results.get("summary").get(0)).put("undefined", 1);
        String html = HtmlReport.render(results, List.of(Fixtures.figure("comparison-x.png",
                "\"><script>caption()</script>", 8, 8)));
        assertThat(html).doesNotContain("<script").doesNotContain("<img src=http")
                .contains("<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39; "
                        + "&lt;img src=http://evil/x.png&gt;</h1>")
                .contains("&lt;/td&gt;&lt;script&gt;bad()&lt;/script&gt;")
                .contains("alt=\"&quot;&gt;&lt;script&gt;caption()&lt;/script&gt;\"");
    }

    // ---- reading my own well-formed output back ------------------------------------------------------------------

    private static String label(JsonNode s) {
        return switch (s.get("regime").asText()) {
            case "isolated" -> "isolated (" + s.get("trained_on").asText() + ")";
            case "federated" -> "federated " + s.get("strategy").asText();
            default -> s.get("regime").asText();
        };
    }

    private static String section(String html, String id) {
        int from = html.indexOf("<section id=\"" + id + "\">");
        assertThat(from).as("section " + id).isNotNegative();
        return html.substring(from, html.indexOf("</section>", from));
    }

    private static String table(String html, String metric) {
        int from = html.indexOf("id=\"metric-" + metric + "\"");
        assertThat(from).as("table of " + metric).isNotNegative();
        return html.substring(from, html.indexOf("</table>", from));
    }

    private static String cell(String html, String metric, String label, String test) {
        String table = table(html, metric);
        int column = headers(table).indexOf(test);
        assertThat(column).as(metric + " column " + test).isPositive();
        return cells(row(table, label)).get(column - 1);
    }

    private static List<String> headers(String table) {
        String head = table.substring(table.indexOf("<tr>"), table.indexOf("</tr>"));
        List<String> h = new ArrayList<>();
        Matcher m = HEADER.matcher(head);
        while (m.find()) {
            h.add(m.group(1));
        }
        return h;
    }

    private static List<String> rowLabels(String table) {
        List<String> labels = new ArrayList<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }

    private static String row(String html, String label) {
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                return m.group(2);
            }
        }
        throw new AssertionError("no row " + label);
    }

    private static List<String> cells(String row) {
        List<String> c = new ArrayList<>();
        Matcher m = CELL.matcher(row);
        while (m.find()) {
            c.add(m.group(1));
        }
        return c;
    }
}
