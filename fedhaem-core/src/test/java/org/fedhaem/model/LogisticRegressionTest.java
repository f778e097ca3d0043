package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fedhaem.data.Design;
import org.fedhaem.data.Outcome;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    /** x = 0: 1 positive of 4; x = 1: 3 positives of 4. */
    private static final double[][] X = {{0}, {0}, {0}, {0}, {1}, {1}, {1}, {1}};
    private static final boolean[] Y = {true, false, false, false, true, true, true, false};

    @Test
    void twoByTwoTableHasClosedFormEstimatesAndStandardErrors() {
        LogisticFit fit = LogisticRegression.fit(X, Y, List.of("x"), 0, LogisticRegression.Options.TIGHT);
        assertThat(fit.names()).containsExactly("(Intercept)", "x");
        assertThat(fit.intercept()).isCloseTo(-Math.log(3), within(1e-12));
        assertThat(fit.coefficient("x")).isCloseTo(2 * Math.log(3), within(1e-12));
        // Woolf: var(log OR) = sum of reciprocal cell counts
        assertThat(fit.standardErrors()[0]).isCloseTo(Math.sqrt(1 + 1.0 / 3), within(1e-10));
        assertThat(fit.standardErrors()[1]).isCloseTo(Math.sqrt(8.0 / 3), within(1e-10));
        double groupDev = -2 * (Math.log(0.25) + 3 * Math.log(0.75));
        assertThat(fit.deviance()).isCloseTo(2 * groupDev, within(1e-12));
        assertThat(fit.nullDeviance()).isCloseTo(-2 * 8 * Math.log(0.5), within(1e-12));
        assertThat(fit.logLikelihood()).isEqualTo(-fit.deviance() / 2);
        assertThat(fit.probabilities(new double[][] {{0}, {1}})).containsExactly(new double[] {0.25, 0.75},
                within(1e-12));
        assertThat(fit.linearPredictor(new double[][] {{1}})[0]).isCloseTo(Math.log(3), within(1e-12));
    }

    @Test
    void ridgeSatisfiesStationarityAndLeavesTheInterceptFree() {
        double[][] x = {{1, 0.2}, {2, -1}, {3, 0.5}, {4, 2}, {5, -0.3}, {6, 1.1}, {7, 0.4}, {8, -2}};
        boolean[] y = {false, true, false, false, true, true, false, true};
        double l2 = 0.7;
        LogisticFit fit = LogisticRegression.fit(x, y, List.of("a", "b"), l2, LogisticRegression.Options.TIGHT);
        double[] beta = fit.coefficients();
        double[] p = fit.probabilities(x);
        // gradient of loglik - l2/2 |beta_1..p|^2 is zero: sum (y - p) x_j = l2 beta_j, sum (y - p) = 0
        double g0 = 0;
        double g1 = 0;
        double g2 = 0;
        for (int i = 0; i < x.length; i++) {
            double r = (y[i] ? 1 : 0) - p[i];
            g0 += r;
            g1 += r * x[i][0];
            g2 += r * x[i][1];
        }
        assertThat(g0).isCloseTo(0, within(1e-12));
        assertThat(g1).isCloseTo(l2 * beta[1], within(1e-12));
        assertThat(g2).isCloseTo(l2 * beta[2], within(1e-12));
    }

    @Test
    void covarianceIsTheInverseObservedInformationAtTheEstimate() {
        double[][] x = {{1, 0.2}, {2, -1}, {3, 0.5}, {4, 2}, {5, -0.3}, {6, 1.1}, {7, 0.4}, {8, -2}};
        boolean[] y = {false, true, false, false, true, true, false, true};
        LogisticFit fit = LogisticRegression.fit(x, y, List.of("a", "b"), 0, LogisticRegression.Options.TIGHT);
        double[] p = fit.probabilities(x);
        // information X'WX with W = p(1-p) on the raw design (1, a, b); covariance * information = identity
        double[][] info = new double[3][3];
        for (int i = 0; i < x.length; i++) {
            double[] row = {1, x[i][0], x[i][1]};
            double w = p[i] * (1 - p[i]);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    info[a][b] += w * row[a] * row[b];
                }
            }
        }
        double[][] cov = fit.covariance();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double s = 0;
                for (int m = 0; m < 3; m++) {
                    s += cov[a][m] * info[m][b];
                }
                assertThat(s).isCloseTo(a == b ? 1 : 0, within(1e-10));
            }
        }
    }

    @Test
    void fitsADesign() {
        Design design = new Design(List.of("x"), X, new Outcome.Binary(Y));
        assertThat(LogisticRegression.fit(design, 0, LogisticRegression.Options.TIGHT).coefficients())
                .containsExactly(LogisticRegression.fit(X, Y, List.of("x"), 0, LogisticRegression.Options.TIGHT)
                        .coefficients());
    }

    @Test
    void toParametersSplitsWeightsAndBias() {
        LogisticFit fit = LogisticRegression.fit(X, Y, List.of("x"), 0, LogisticRegression.Options.TIGHT);
        Parameters p = fit.toParameters();
        assertThat(p.names()).containsExactly("out.weight", "out.bias");
        assertThat(p.shape("out.weight")).containsExactly(1, 1);
        assertThat(p.get("out.weight")).containsExactly(fit.coefficient("x"));
        assertThat(p.get("out.bias")).containsExactly(fit.intercept());
    }

    @Test
    void perfectSeparationIsAnErrorNotADivergedFit() {
        double[][] x = {{1}, {2}, {3}, {4}, {5}, {6}};
        boolean[] y = {false, false, false, true, true, true};
        assertThatThrownBy(() -> LogisticRegression.fit(x, y, List.of("dose"), 0, LogisticRegression.Options.TIGHT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("separation");
        // quasi-complete: x = 1 rows are all positive, the rest mixed
        double[][] q = {{0}, {0}, {0}, {0}, {1}, {1}};
        boolean[] yq = {false, true, false, true, true, true};
        assertThatThrownBy(() -> LogisticRegression.fit(q, yq, List.of("flag"), 0, LogisticRegression.Options.TIGHT))
                .hasMessageContaining("separation");
        assertThat(LogisticRegression.fit(x, y, List.of("dose"), 0.5, LogisticRegression.Options.TIGHT).converged())
                .isTrue();
    }

    @Test
    void rejectsBadInputWithClearMessages() {
        LogisticRegression.Options o = LogisticRegression.Options.TIGHT;
        assertThatThrownBy(() -> LogisticRegression.fit(X, new boolean[8], List.of("x"), 0, o))
                .hasMessageContaining("Only one class");
        double[][] constant = {{2}, {2}, {2}, {2}, {2}, {2}, {2}, {2}};
        assertThatThrownBy(() -> LogisticRegression.fit(constant, Y, List.of("c"), 0, o))
                .hasMessageContaining("'c' is constant");
        double[][] twice = {{0, 0}, {0, 0}, {0, 0}, {1, 2}, {0, 0}, {1, 2}, {1, 2}, {1, 2}};
        assertThatThrownBy(() -> LogisticRegression.fit(twice, Y, List.of("x", "double_x"), 0, o))
                .hasMessageContaining("'double_x'").hasMessageContaining("collinear");
        double[][] inf = {{0}, {0}, {Double.POSITIVE_INFINITY}, {0}, {1}, {1}, {1}, {1}};
        assertThatThrownBy(() -> LogisticRegression.fit(inf, Y, List.of("x"), 0, o)).hasMessageContaining("x[2][x]");
        assertThatThrownBy(() -> LogisticRegression.fit(X, Y, List.of("x"), -1, o)).hasMessageContaining("l2");
        assertThatThrownBy(() -> LogisticRegression.fit(X, new boolean[3], List.of("x"), 0, o))
                .hasMessageContaining("x has 8 rows");
        assertThatThrownBy(() -> new LogisticRegression.Options(25, 0)).hasMessageContaining("epsilon");
        LogisticFit fit = LogisticRegression.fit(X, Y, List.of("x"), 0, o);
        assertThatThrownBy(() -> fit.probabilities(new double[][] {{1, 2}})).hasMessageContaining("Row 0");
        assertThatThrownBy(() -> fit.coefficient("y")).hasMessageContaining("No coefficient named y");
    }
}
