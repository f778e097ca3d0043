package org.fedhaem.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fedhaem.data.Outcome;
import org.fedhaem.federation.SiteEvaluation;
import org.fedhaem.metrics.AntoliniC;
import org.fedhaem.metrics.BinaryMetrics;
import org.fedhaem.metrics.BrierScore;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.HarrellC;
import org.fedhaem.metrics.MetricValue;

/**
 * Metric values of a model on a test set. A test set may come in parts scored by different models (the folds of a
 * cross-validation) or in parts held by different sites (the pooled figure): counts are summed over the parts
 * (Harrell's pair counts, the confusion matrix), so the pooled C and F1 need no patient-level data; the other
 * metrics need every row at once and are the size-weighted mean over the parts.
 */
final class Scoring {
    private Scoring() {
    }

    /** The metric names {@link #score} (or, for a pooled test set, {@link #pooled}) reports. */
    static List<String> metricNames(boolean survival, boolean pooled) {
        if (survival) {
            return pooled ? List.of("c_index") : List.of("c_index", "c_index_td", "brier");
        }
        return pooled ? List.of("f1", "precision", "recall", "accuracy")
                : List.of("f1", "precision", "recall", "accuracy", "auc");
    }

    /** c_index, c_index_td, brier (integrated over {@code grid}) or f1, precision, recall, accuracy, auc. */
    static Map<String, MetricValue> score(List<Predictions> parts, double[] grid, double threshold) {
        return parts.get(0).outcome() instanceof Outcome.Survival ? survival(parts, grid) : binary(parts, threshold);
    }

    /** Only what adds up over parts held by different sites: c_index, or the confusion-matrix metrics. */
    static Map<String, MetricValue> pooled(List<Predictions> parts, double threshold) {
        Map<String, MetricValue> m = new LinkedHashMap<>();
        if (parts.get(0).outcome() instanceof Outcome.Survival) {
            m.put("c_index", concordance(parts).value());
        } else {
            putConfusion(m, confusion(parts, threshold));
        }
        return m;
    }

    /** The metric names {@link #fromCounts} reports: what a deployment's counts give. */
    static List<String> countMetricNames(boolean survival, boolean pooled) {
        return survival ? List.of("c_index") : metricNames(false, pooled);
    }

    /**
     * The metrics the counts of a test set give, in {@code parts} (a site's, or the pooled, counts of each
     * cross-validation fold; one part for a hold-out split), computed as {@link #score} and {@link #pooled} compute
     * them from predictions, operation for operation, so a deployment and a simulation agree to the bit: Harrell's C
     * from the summed pair counts (survival), or the confusion-matrix metrics from the summed matrices and, for one
     * site, the size-weighted mean of its AUCs (binary).
     */
    static Map<String, MetricValue> fromCounts(List<SiteEvaluation> parts, boolean pooled) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no counts to score");
        }
        Map<String, MetricValue> m = new LinkedHashMap<>();
        if (parts.get(0) instanceof SiteEvaluation.Survival) {
            Concordance sum = Concordance.EMPTY;
            for (SiteEvaluation e : parts) {
                sum = sum.plus(((SiteEvaluation.Survival) e).concordance());
            }
            m.put("c_index", sum.value());
            return m;
        }
        ConfusionMatrix sum = new ConfusionMatrix(0, 0, 0, 0);
        for (SiteEvaluation e : parts) {
            sum = sum.plus(((SiteEvaluation.Binary) e).confusion());
        }
        putConfusion(m, sum);
        if (!pooled) {
            // weightedMean's loop over the folds' AUCs.
            double auc = 0;
            long n = 0;
            String reason = null;
            for (SiteEvaluation e : parts) {
                MetricValue v = ((SiteEvaluation.Binary) e).auc();
                if (!v.isDefined()) {
                    reason = v.undefinedReason();
                    continue;
                }
                auc += v.value() * e.n();
                n += e.n();
            }
            m.put("auc", n == 0 ? MetricValue.undefined(reason) : MetricValue.of(auc / n));
        }
        return m;
    }

    private static Map<String, MetricValue> survival(List<Predictions> parts, double[] grid) {
        Map<String, MetricValue> m = new LinkedHashMap<>();
        m.put("c_index", concordance(parts).value());
        m.put("c_index_td", weightedMean(parts, "c_index_td", grid));
        m.put("brier", weightedMean(parts, "brier", grid));
        return m;
    }

    private static Map<String, MetricValue> binary(List<Predictions> parts, double threshold) {
        Map<String, MetricValue> m = new LinkedHashMap<>();
        putConfusion(m, confusion(parts, threshold));
        m.put("auc", weightedMean(parts, "auc", null));
        return m;
    }

    private static void putConfusion(Map<String, MetricValue> m, ConfusionMatrix c) {
        m.put("f1", c.f1());
        m.put("precision", c.precision());
        m.put("recall", c.recall());
        m.put("accuracy", c.accuracy());
    }

    static Concordance concordance(List<Predictions> parts) {
        Concordance sum = Concordance.EMPTY;
        for (Predictions p : parts) {
            Outcome.Survival s = (Outcome.Survival) p.outcome();
            sum = sum.plus(HarrellC.concordance(s.time(), s.event(), p.risk()));
        }
        return sum;
    }

    static ConfusionMatrix confusion(List<Predictions> parts, double threshold) {
        ConfusionMatrix sum = new ConfusionMatrix(0, 0, 0, 0);
        for (Predictions p : parts) {
            sum = sum.plus(BinaryMetrics.confusion(((Outcome.Binary) p.outcome()).label(), p.risk(), threshold));
        }
        return sum;
    }

    private static MetricValue weightedMean(List<Predictions> parts, String metric, double[] grid) {
        double sum = 0;
        long n = 0;
        String reason = null;
        for (Predictions p : parts) {
            MetricValue v = one(p, metric, grid);
            if (!v.isDefined()) {
                reason = v.undefinedReason();
                continue;
            }
            sum += v.value() * p.size();
            n += p.size();
        }
        return n == 0 ? MetricValue.undefined(reason) : MetricValue.of(sum / n);
    }

    private static MetricValue one(Predictions p, String metric, double[] grid) {
        if (metric.equals("auc")) {
            return BinaryMetrics.auc(((Outcome.Binary) p.outcome()).label(), p.risk());
        }
        Outcome.Survival s = (Outcome.Survival) p.outcome();
        if (p.baseline() == null) {
            return MetricValue.undefined("the model has no baseline hazard (too few events for the federated grid)");
        }
        if (metric.equals("c_index_td")) {
            // Curves read at the model's own baseline event times, as pycox evaluates them.
            double[] times = p.baseline().times();
            return AntoliniC.concordance(p.baseline().survivalCurves(p.risk(), times), times, s.time(), s.event());
        }
        if (grid == null || grid.length < 2) {
            return MetricValue.undefined("no evaluation time grid for the Brier score");
        }
        return MetricValue.of(BrierScore.integrated(p.baseline().survivalCurves(p.risk(), grid), grid, s.time(),
                s.event()));
    }
}
