package org.fedhaem.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fedhaem.data.Outcome;
import org.fedhaem.federation.SiteEvaluation;
import org.fedhaem.metrics.BinaryMetrics;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.KaplanMeier;
import org.fedhaem.metrics.RocCurve;
import org.fedhaem.metrics.SurvivalInterval;

/**
 * Builds {@link Curves} from a repeat's predictions on the union of the sites' test rows (docs/results.md). Rows are
 * taken in union order (site order, each site's test rows in order; with cross-validation fold after fold of the
 * first CV repetition, so each patient once). Groups by a score are cut by {@link #quantileGroups}. A deployment's
 * curves are only the confusion matrices, from the sites' counts ({@link #confusions}).
 */
final class CurveBuilder {
    static final String[] RISK_LABELS = {"low risk", "middle risk", "high risk"};
    static final int CALIBRATION_GROUPS = 5;

    private CurveBuilder() {
    }

    /** Why a deployment gives no Kaplan-Meier or calibration curves. */
    static final String DEPLOYMENT_SURVIVAL = "predictions stay at the sites in a deployment: Kaplan-Meier curves by "
            + "risk group and calibration need every test patient's prediction and outcome together";
    /** Why a deployment gives confusion matrices but no ROC curves. */
    static final String DEPLOYMENT_ROC = "predictions stay at the sites in a deployment: ROC curves need every test "
            + "patient's prediction and label together (the confusion matrices are the sites' counts summed)";

    private static final String NOTHING_SCORED = "no model was scored on the sites' test rows";

    /** The curves and why some or all are missing (null when none is). */
    record Built(Curves curves, String unavailable) {
    }

    /**
     * The curves of one repeat: {@code parts} maps each model and test set to its predictions, one per evaluation
     * unit ({@code units} of the first CV repetition are used); models in {@code failed} are left out.
     */
    static Built build(ExperimentConfig config, int repeat, Map<ResultKey, List<Predictions>> parts,
                       Set<ResultKey> failed, int units) {
        List<ResultKey> models = new ArrayList<>();
        for (ResultKey k : parts.keySet()) {
            if (k.test().equals("union") && !failed.contains(k)) {
                models.add(k);
            }
        }
        if (models.isEmpty()) {
            return new Built(null, NOTHING_SCORED);
        }
        List<Predictions> first = firstUnits(parts.get(models.get(0)), units);
        boolean survival = first.get(0).outcome() instanceof Outcome.Survival;
        int n = 0;
        for (Predictions p : first) {
            n += p.size();
        }
        if (n < CALIBRATION_GROUPS) {
            return tooFew(n);
        }
        if (!survival) {
            List<Curves.Roc> roc = new ArrayList<>();
            List<Curves.Confusion> confusion = new ArrayList<>();
            double threshold = config.evaluation().threshold();
            for (ResultKey k : models) {
                List<Predictions> p = firstUnits(parts.get(k), units);
                roc.add(roc(k, p));
                ConfusionMatrix c = Scoring.confusion(p, threshold);
                confusion.add(new Curves.Confusion(k.regime(), k.strategy(), k.trainedOn(), threshold,
                        c.truePositive(), c.falsePositive(), c.trueNegative(), c.falseNegative()));
            }
            return new Built(new Curves(repeat, "union", null, null, roc, confusion), null);
        }
        List<Curves.RiskGroups> km = new ArrayList<>();
        List<Curves.Calibration> calibration = new ArrayList<>();
        Outcome.Survival outcome = (Outcome.Survival) Predictions.concat(strip(first)).outcome();
        double time = calibrationTime(config, outcome.time());
        for (ResultKey k : models) {
            if (k.regime().equals("isolated")) {
                continue;
            }
            List<Predictions> p = firstUnits(parts.get(k), units);
            double[] risk = Predictions.concat(strip(p)).risk();
            km.add(riskGroups(k.regime(), k.strategy(), outcome.time(), outcome.event(), risk));
            calibration.add(calibration(k, p, outcome, time));
        }
        return new Built(new Curves(repeat, "union", km, calibration, null, null), null);
    }

    /**
     * A deployed binary repeat's curves: each model's confusion matrix summed from the sites' pooled counts
     * ({@code counts} under test "pooled", one part per evaluation unit, of which the first {@code units} are used as
     * {@link #build} uses the predictions, so the two agree on the same per-site files); models in {@code failed}
     * are left out. The ROC curves are missing, with the reason.
     */
    static Built confusions(ExperimentConfig config, int repeat, Map<ResultKey, List<SiteEvaluation>> counts,
                            Set<ResultKey> failed, int units) {
        List<ResultKey> models = new ArrayList<>();
        for (ResultKey k : counts.keySet()) {
            if (k.test().equals("pooled") && !failed.contains(k)) {
                models.add(k);
            }
        }
        if (models.isEmpty()) {
            return new Built(null, NOTHING_SCORED);
        }
        int n = 0;
        for (SiteEvaluation e : firstUnits(counts.get(models.get(0)), units)) {
            n += e.n();
        }
        if (n < CALIBRATION_GROUPS) {
            return tooFew(n);
        }
        double threshold = config.evaluation().threshold();
        List<Curves.Confusion> confusion = new ArrayList<>();
        for (ResultKey k : models) {
            ConfusionMatrix c = new ConfusionMatrix(0, 0, 0, 0);
            for (SiteEvaluation e : firstUnits(counts.get(k), units)) {
                if (!(e instanceof SiteEvaluation.Binary b)) {
                    throw new IllegalArgumentException("confusion matrices need binary evaluations, got " + e);
                }
                c = c.plus(b.confusion());
            }
            confusion.add(new Curves.Confusion(k.regime(), k.strategy(), k.trainedOn(), threshold,
                    c.truePositive(), c.falsePositive(), c.trueNegative(), c.falseNegative()));
        }
        return new Built(new Curves(repeat, "pooled", null, null, null, confusion), DEPLOYMENT_ROC);
    }

    private static Built tooFew(int n) {
        return new Built(null, "the sites' test rows number " + n + ", fewer than " + CALIBRATION_GROUPS);
    }

    private static <T> List<T> firstUnits(List<T> parts, int units) {
        return parts.subList(0, Math.min(parts.size(), Math.max(1, units)));
    }

    /** The parts without their baselines, so parts of different fold models can be put together row by row. */
    private static List<Predictions> strip(List<Predictions> parts) {
        List<Predictions> out = new ArrayList<>(parts.size());
        for (Predictions p : parts) {
            out.add(new Predictions(p.outcome(), p.risk(), null));
        }
        return out;
    }

    /** Kaplan-Meier by tertile of {@code risk} (low, middle, high), with the numbers at risk at {@link #ticks}. */
    static Curves.RiskGroups riskGroups(String regime, String strategy, double[] time, boolean[] event,
                                        double[] risk) {
        int[] group = quantileGroups(risk, RISK_LABELS.length);
        double max = 0;
        for (double t : time) {
            max = Math.max(max, t);
        }
        double[] ticks = ticks(max);
        List<Curves.Group> groups = new ArrayList<>();
        int[][] atRisk = new int[RISK_LABELS.length][];
        for (int g = 0; g < RISK_LABELS.length; g++) {
            KaplanMeier km = KaplanMeier.fit(select(time, group, g), select(event, group, g));
            double[] t = km.time();
            double[] s = km.survival();
            int[] d = km.events();
            int steps = 0;
            int events = 0;
            for (int k = 0; k < t.length; k++) {
                if (d[k] > 0) {
                    steps++;
                    events += d[k];
                }
            }
            double[] stepTime = new double[steps + 1];
            double[] stepSurvival = new double[steps + 1];
            stepSurvival[0] = 1;
            for (int k = 0, j = 1; k < t.length; k++) {
                if (d[k] > 0) {
                    stepTime[j] = t[k];
                    stepSurvival[j++] = s[k];
                }
            }
            int n = km.atRisk().length == 0 ? 0 : km.atRisk()[0];
            groups.add(new Curves.Group(RISK_LABELS[g], n, events, stepTime, stepSurvival));
            atRisk[g] = new int[ticks.length];
            for (int k = 0; k < ticks.length; k++) {
                atRisk[g][k] = km.atRiskAt(ticks[k]);
            }
        }
        return new Curves.RiskGroups(regime, strategy, groups, ticks, atRisk);
    }

    /**
     * Calibration at {@code time}: predicted S(time) of every row from its own model's baseline hazard (as the Brier
     * score reads it), rows cut into quintiles of it, each group's mean prediction against its Kaplan-Meier S(time).
     */
    private static Curves.Calibration calibration(ResultKey k, List<Predictions> parts, Outcome.Survival outcome,
                                                  double time) {
        double[] predicted = new double[outcome.size()];
        int i = 0;
        for (Predictions p : parts) {
            if (p.baseline() == null) {
                return new Curves.Calibration(k.regime(), k.strategy(), time, null,
                        "the model has no baseline hazard (too few events for the federated grid)");
            }
            double[][] s = p.baseline().survivalCurves(p.risk(), new double[] {time});
            for (double[] row : s) {
                predicted[i++] = row[0];
            }
        }
        return new Curves.Calibration(k.regime(), k.strategy(), time,
                calibrationGroups(predicted, outcome.time(), outcome.event(), time), null);
    }

    /** Quintiles of {@code predicted} (lowest predicted survival first): mean prediction and KM at {@code time}. */
    static List<Curves.CalibrationGroup> calibrationGroups(double[] predicted, double[] time, boolean[] event,
                                                           double at) {
        int[] group = quantileGroups(predicted, CALIBRATION_GROUPS);
        List<Curves.CalibrationGroup> out = new ArrayList<>();
        for (int g = 0; g < CALIBRATION_GROUPS; g++) {
            double[] p = select(predicted, group, g);
            double sum = 0;
            for (double v : p) {
                sum += v;
            }
            SurvivalInterval observed = SurvivalInterval.logLog(
                    KaplanMeier.fit(select(time, group, g), select(event, group, g)), at);
            out.add(new Curves.CalibrationGroup(p.length, sum / p.length, observed.estimate(), observed.lower(),
                    observed.upper()));
        }
        return out;
    }

    private static Curves.Roc roc(ResultKey k, List<Predictions> parts) {
        Predictions all = Predictions.concat(parts);
        boolean[] label = ((Outcome.Binary) all.outcome()).label();
        int positives = 0;
        for (boolean b : label) {
            positives += b ? 1 : 0;
        }
        if (positives == 0 || positives == label.length) {
            return new Curves.Roc(k.regime(), k.strategy(), k.trainedOn(), Double.NaN, null, null,
                    "the ROC curve needs both classes, got " + positives + " positive and "
                            + (label.length - positives) + " negative labels");
        }
        RocCurve c = BinaryMetrics.rocCurve(label, all.risk());
        return new Curves.Roc(k.regime(), k.strategy(), k.trainedOn(), c.trapezoidArea(), c.falsePositiveRate(),
                c.truePositiveRate(), null);
    }

    /**
     * Group (0 = lowest) of every row by {@code values}: rows sorted by value, ties by row order, cut into
     * {@code count} consecutive groups of n / count rows, the remainder going one each to the first groups.
     */
    static int[] quantileGroups(double[] values, int count) {
        int n = values.length;
        if (count < 1 || n < count) {
            throw new IllegalArgumentException(n + " rows cannot be cut into " + count + " groups");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
            }
            order[i] = i;
        }
        // + 0.0 so that -0.0 and 0.0 tie; the sort is stable, so ties keep row order.
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i] + 0.0));
        int[] group = new int[n];
        int base = n / count;
        int extra = n % count;
        int k = 0;
        for (int g = 0; g < count; g++) {
            int size = base + (g < extra ? 1 : 0);
            for (int j = 0; j < size; j++) {
                group[order[k++]] = g;
            }
        }
        return group;
    }

    /**
     * About 5 to 7 "nice" axis ticks from 0 covering [0, max]: the smallest step of the form {1, 2, 2.5, 5} x 10^e
     * with at most 7 ticks 0, step, ..., up to the first multiple of step &gt;= max. {0} for max = 0.
     */
    static double[] ticks(double max) {
        if (!(max >= 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("the largest time must be finite and >= 0, got " + max);
        }
        if (max == 0) {
            return new double[] {0};
        }
        int e = (int) Math.floor(Math.log10(max)) - 2;
        double[] mantissas = {1, 2, 2.5, 5};
        while (true) {
            for (double m : mantissas) {
                double step = step(m, e);
                long intervals = (long) Math.ceil(max / step);
                if (intervals + 1 <= 7) {
                    double[] ticks = new double[(int) intervals + 1];
                    for (int i = 0; i < ticks.length; i++) {
                        // i * m / 10^-e is correctly rounded where i * m * 10^e would not be (0.1 * 3).
                        ticks[i] = e >= 0 ? i * m * Math.pow(10, e) : i * m / Math.pow(10, -e);
                    }
                    return ticks;
                }
            }
            e++;
        }
    }

    private static double step(double m, int e) {
        return e >= 0 ? m * Math.pow(10, e) : m / Math.pow(10, -e);
    }

    /**
     * {@code evaluation.calibration_time}, else the middle value of {@code evaluation.times} (the lower middle one
     * for an even count), else the median follow-up time of the test rows (R's {@code median}).
     */
    static double calibrationTime(ExperimentConfig config, double[] time) {
        ExperimentConfig.Evaluation e = config.evaluation();
        if (e.calibrationTime() != null) {
            return e.calibrationTime();
        }
        if (!e.times().isEmpty()) {
            return e.times().get((e.times().size() - 1) / 2);
        }
        double[] sorted = time.clone();
        Arrays.sort(sorted);
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    }

    /** The values of {@code v} whose {@code group} is {@code g}, in order. */
    static double[] select(double[] v, int[] group, int g) {
        int n = 0;
        for (int x : group) {
            n += x == g ? 1 : 0;
        }
        double[] out = new double[n];
        for (int i = 0, k = 0; i < v.length; i++) {
            if (group[i] == g) {
                out[k++] = v[i];
            }
        }
        return out;
    }

    /** The values of {@code v} whose {@code group} is {@code g}, in order. */
    static boolean[] select(boolean[] v, int[] group, int g) {
        int n = 0;
        for (int x : group) {
            n += x == g ? 1 : 0;
        }
        boolean[] out = new boolean[n];
        for (int i = 0, k = 0; i < v.length; i++) {
            if (group[i] == g) {
                out[k++] = v[i];
            }
        }
        return out;
    }
}
