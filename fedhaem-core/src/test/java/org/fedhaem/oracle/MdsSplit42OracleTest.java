package org.fedhaem.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Outcome;
import org.fedhaem.data.Partition;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.Splitter;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.fedhaem.metrics.HarrellC;
import org.fedhaem.model.CoxFit;
import org.fedhaem.model.CoxRegression;
import org.fedhaem.model.Ties;
import org.fedhaem.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The IWG-PM MDS cohort with R's split 42 ({@code oracle_mds.R 42 split42}), read in place from ../shared (never
 * copied): linear Cox (Efron) on the 36 features with median imputation fitted on the training rows of whoever
 * trains and applied with those medians to every test set; Harrell's C on the pooled and per-site test sets.
 */
class MdsSplit42OracleTest {
    /** The issue's acceptance bound for each linear Cox C-index. */
    private static final double ISSUE_TOL = 0.002;
    private static final List<String> SCORES = List.of("IPSSM_SCORE", "IPSSR_SCORE");
    private static final List<String> SITES = List.of("site1", "site2", "site3");
    private static final Preprocessing AS_R = new Preprocessing(Preprocessing.Missing.MEDIAN,
            Preprocessing.Scaling.NONE);

    private static Schema schema;
    private static Table data;
    private static Partition split;
    private static JsonNode oracle;

    @BeforeAll
    static void read() {
        Path mds = SharedData.mds();
        schema = Schema.survival("time", "event").withExclude(SCORES);
        data = TableReader.read(mds.resolve("mds_iwgpm.csv"), schema);
        split = Splitter.fromAssignment(mds.resolve("split42_assignment.csv"), data);
        oracle = OracleJson.read(mds.resolve("split42_oracle.json"));
    }

    @Test
    void partitionHasTheOracleSiteAndTestSizes() {
        assertThat(data.rows()).isEqualTo(oracle.get("n").asInt());
        assertThat(split.names()).isEqualTo(SITES);
        for (int s = 1; s <= 3; s++) {
            var site = split.site("site" + s);
            assertThat(site.size()).isEqualTo(oracle.get("site_sizes").get(Integer.toString(s)).asInt());
            assertThat(site.test()).hasSize(oracle.get("test_sizes").get(Integer.toString(s)).asInt());
        }
    }

    @Test
    void linearCoxOfEveryTrainerReproducesRsTestConcordance() {
        Map<String, int[]> trainers = new LinkedHashMap<>();
        trainers.put("centralized", split.pooledTrain());
        for (String site : SITES) {
            trainers.put("isolated_" + site, split.site(site).train());
        }
        double maxDeviation = 0;
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, int[]> t : trainers.entrySet()) {
            JsonNode r = oracle.get(t.getKey());
            FittedPreprocessing all = AS_R.fit(data, schema, t.getValue());
            assertThat(all.features()).hasSize(36).doesNotContainAnyElementsOf(SCORES);
            // R's coxph aliases a feature that is constant in the training rows (coefficient NA, 0 in predict);
            // CoxRegression refuses it instead, so a user's run leaves such a feature out, as done here.
            List<String> constant = constantColumns(all.apply(data, t.getValue()));
            List<String> excluded = new ArrayList<>(SCORES);
            excluded.addAll(constant);
            Schema used = schema.withExclude(excluded);
            FittedPreprocessing prep = AS_R.fit(data, used, t.getValue());
            Design train = prep.apply(data, t.getValue());
            assertThat(train.features()).hasSize(36 - constant.size());
            lines.add(t.getKey() + ": constant in the training rows, left out as R aliases them: " + constant);
            assertThat(train.rows()).as(t.getKey()).isEqualTo(r.get("n_train").asInt());
            assertThat(train.survival().events()).as(t.getKey()).isEqualTo(r.get("events_train").asInt());
            CoxFit fit = CoxRegression.fit(train, Ties.EFRON, CoxRegression.Options.R_DEFAULT);
            assertThat(fit.converged()).as(t.getKey()).isTrue();
            for (Map.Entry<String, int[]> test : testSets().entrySet()) {
                Design d = prep.apply(data, test.getValue());
                Outcome.Survival y = d.survival();
                double c = HarrellC.concordance(y.time(), y.event(), fit.linearPredictor(d.x())).c();
                double expected = r.get(test.getKey()).asDouble();
                maxDeviation = Math.max(maxDeviation, Math.abs(c - expected));
                lines.add(String.format(Locale.ROOT, "%-19s %-14s C %.15f  R %.15f  |dC| %.1e", t.getKey(),
                        test.getKey(), c, expected, Math.abs(c - expected)));
                assertThat(c).as("%s %s", t.getKey(), test.getKey()).isCloseTo(expected, within(ISSUE_TOL));
            }
        }
        lines.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "MDS split42 linear Cox: max |C - R| = %.2e over %d values%n", maxDeviation,
                lines.size() - trainers.size());
        // Beyond the issue's bound: the same fit as R orders the test patients identically, so C agrees to rounding.
        assertThat(maxDeviation).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void publishedScoresHaveRsConcordanceOnEachTestSet() {
        double[] time = data.numeric("time");
        double[] event = data.numeric("event");
        for (String score : SCORES) {
            double[] value = data.numeric(score);
            for (Map.Entry<String, int[]> test : testSets().entrySet()) {
                // as oracle_mds.R: patients without the published score are left out
                List<Integer> kept = new ArrayList<>();
                for (int row : test.getValue()) {
                    if (!Double.isNaN(value[row])) {
                        kept.add(row);
                    }
                }
                double[] t = new double[kept.size()];
                boolean[] e = new boolean[kept.size()];
                double[] risk = new double[kept.size()];
                for (int i = 0; i < t.length; i++) {
                    int row = kept.get(i);
                    t[i] = time[row];
                    e[i] = event[row] == 1;
                    risk[i] = value[row];
                }
                double c = HarrellC.concordance(t, e, risk).c();
                double expected = oracle.get(score).get(test.getKey()).asDouble();
                System.out.printf(Locale.ROOT, "%-11s %-14s n %3d C %.15f |dC| %.1e%n", score, test.getKey(),
                        t.length, c, Math.abs(c - expected));
                assertThat(c).as("%s %s", score, test.getKey()).isCloseTo(expected, within(1e-12));
            }
        }
    }

    private static List<String> constantColumns(Design design) {
        double[][] x = design.x();
        List<String> out = new ArrayList<>();
        for (int j = 0; j < design.columns(); j++) {
            boolean constant = true;
            for (int i = 1; i < x.length && constant; i++) {
                constant = x[i][j] == x[0][j];
            }
            if (constant) {
                out.add(design.features().get(j));
            }
        }
        return out;
    }

    /** The oracle's test sets: all three sites' test rows, then each site's own. */
    private static Map<String, int[]> testSets() {
        Map<String, int[]> sets = new LinkedHashMap<>();
        sets.put("c_test_pooled", split.pooledTest());
        for (String site : SITES) {
            sets.put("c_test_" + site, split.site(site).test());
        }
        return sets;
    }
}
