package org.fedhaem.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fedhaem.model.LogisticFit;
import org.fedhaem.model.LogisticRegression;
import org.junit.jupiter.api.Test;

class SyntheticScdTest {

    @Test
    void sixtyFiveChildrenWithTheNamedColumns() {
        Table t = SyntheticScd.table(SyntheticScd.DEFAULT_SIZE, 1);
        assertThat(t.rows()).isEqualTo(65);
        assertThat(t.columns()).containsExactly("hemoglobin", "hbf", "systolic_bp", "male", "prior_seizures", "age",
                "label");
        assertThat(SyntheticScd.columns()).isEqualTo(t.columns());
    }

    @Test
    void sameSeedSameCohortOtherSeedOtherCohort() {
        Table a = SyntheticScd.table(65, 5);
        Table b = SyntheticScd.table(65, 5);
        for (String c : a.columns()) {
            assertThat(b.numeric(c)).as(c).containsExactly(a.numeric(c));
        }
        assertThat(SyntheticScd.table(65, 6).numeric("hemoglobin")).isNotEqualTo(a.numeric("hemoglobin"));
        assertThatThrownBy(() -> SyntheticScd.table(0, 1)).hasMessageContaining("n must be >= 1, got 0");
    }

    @Test
    void valuesAreClinicallyPlausible() {
        Table t = SyntheticScd.table(5000, 2);
        assertRange(t.numeric("age"), "age", 5.0, 15.0);
        assertRange(t.numeric("hemoglobin"), "hemoglobin", 5.0, 12.0);
        assertRange(t.numeric("hbf"), "hbf", 1.0, 40.0);
        assertRange(t.numeric("systolic_bp"), "systolic_bp", 75.0, 140.0);
        for (String flag : List.of("male", "prior_seizures", "label")) {
            assertThat(t.numeric(flag)).as(flag).containsOnly(0.0, 1.0);
        }
    }

    /**
     * 400 cohorts of 65 (26 000 children): the label prevalence has an SE of 0.0029 around the target 0.31, so
     * 0.015 is five SEs; a single cohort of 65 varies by about 0.057.
     */
    @Test
    void prevalenceOverManySeedsIsAbout31Percent() {
        double positives = 0;
        int n = 0;
        for (long seed = 0; seed < 400; seed++) {
            double[] label = SyntheticScd.table(SyntheticScd.DEFAULT_SIZE, seed).numeric("label");
            for (double l : label) {
                positives += l;
                n++;
            }
        }
        assertThat(positives / n).isCloseTo(0.31, within(0.015));
    }

    /**
     * Logistic regression (IRLS, as R glm) on 200 000 synthetic children recovers the generator's log odds ratios:
     * each within 4 standard errors, and with the generator's sign (risk up with lower haemoglobin and HbF, higher
     * systolic pressure, male sex, prior seizures and age).
     */
    @Test
    void fittedLogisticCoefficientsMatchTheGenerator() {
        Table t = SyntheticScd.table(200_000, 3);
        List<String> features = SyntheticScd.FEATURES;
        double[][] x = new double[t.rows()][features.size()];
        for (int j = 0; j < features.size(); j++) {
            double[] col = t.numeric(features.get(j));
            for (int i = 0; i < col.length; i++) {
                x[i][j] = col[i];
            }
        }
        double[] labelColumn = t.numeric("label");
        boolean[] label = new boolean[labelColumn.length];
        for (int i = 0; i < label.length; i++) {
            label[i] = labelColumn[i] == 1;
        }
        LogisticFit fit = LogisticRegression.fit(x, label, features, 0, LogisticRegression.Options.R_DEFAULT);
        double[] se = fit.standardErrors();
        for (int j = 0; j < features.size(); j++) {
            double truth = SyntheticScd.LOG_ODDS_RATIOS[j];
            double got = fit.coefficient(features.get(j));
            assertThat(Math.signum(got)).as(features.get(j) + " direction").isEqualTo(Math.signum(truth));
            assertThat(got).as(features.get(j)).isCloseTo(truth, within(4 * se[j + 1]));
        }
        assertThat(SyntheticScd.LOG_ODDS_RATIOS[0]).as("lower haemoglobin raises the risk").isNegative();
        assertThat(SyntheticScd.LOG_ODDS_RATIOS[1]).as("lower HbF raises the risk").isNegative();
        assertThat(SyntheticScd.LOG_ODDS_RATIOS[2]).as("higher systolic pressure raises the risk").isPositive();
        assertThat(SyntheticScd.LOG_ODDS_RATIOS[3]).as("male sex raises the risk").isPositive();
        assertThat(SyntheticScd.LOG_ODDS_RATIOS[4]).as("prior seizures raise the risk").isPositive();
        assertThat(SyntheticScd.LOG_ODDS_RATIOS[5]).as("risk grows with age").isPositive();
    }

    private static void assertRange(double[] v, String name, double lo, double hi) {
        for (double x : v) {
            assertThat(x).as(name).isBetween(lo, hi);
        }
    }
}
