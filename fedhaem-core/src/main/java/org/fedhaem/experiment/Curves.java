package org.fedhaem.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data behind the report's curves ({@code curves} in results.json): on the first repeat's union of test rows
 * ({@code test} "union"), Kaplan-Meier curves by tertile of predicted risk and calibration at one time (survival),
 * or ROC curves and confusion matrices (binary); in a deployment only the confusion matrices, summed from the sites'
 * counts ({@code test} "pooled"). The lists a run does not give are null.
 */
public record Curves(int repeat, String test, List<RiskGroups> kmRiskGroups, List<Calibration> calibration,
                     List<Roc> roc, List<Confusion> confusion) {
    public Curves {
        if (!"union".equals(test) && !"pooled".equals(test)) {
            throw new IllegalArgumentException("curves are on the union or the pooled test rows, got " + test);
        }
        kmRiskGroups = kmRiskGroups == null ? null : List.copyOf(kmRiskGroups);
        calibration = calibration == null ? null : List.copyOf(calibration);
        roc = roc == null ? null : List.copyOf(roc);
        confusion = confusion == null ? null : List.copyOf(confusion);
    }

    /** One model's Kaplan-Meier curves by risk group, and the numbers at risk at the x-axis ticks. */
    public record RiskGroups(String regime, String strategy, List<Group> groups, double[] ticks, int[][] atRisk) {
        public RiskGroups {
            groups = List.copyOf(groups);
            ticks = ticks.clone();
            if (atRisk.length != groups.size()) {
                throw new IllegalArgumentException(atRisk.length + " rows of numbers at risk for " + groups.size()
                        + " groups");
            }
            int[][] copy = new int[atRisk.length][];
            for (int g = 0; g < atRisk.length; g++) {
                if (atRisk[g].length != ticks.length) {
                    throw new IllegalArgumentException("group " + g + ": " + atRisk[g].length
                            + " numbers at risk for " + ticks.length + " ticks");
                }
                copy[g] = atRisk[g].clone();
            }
            atRisk = copy;
        }
    }

    /** A Kaplan-Meier step function: 0 then each distinct event time, and the estimate just after each. */
    public record Group(String label, int n, int events, double[] time, double[] survival) {
        public Group {
            if (time.length != survival.length) {
                throw new IllegalArgumentException("group " + label + ": " + time.length + " times but "
                        + survival.length + " survival values");
            }
            time = time.clone();
            survival = survival.clone();
        }
    }

    /**
     * One model's calibration at {@code time}: groups by quintile of predicted survival, or null with the reason
     * {@code unavailable} (a model without a baseline hazard).
     */
    public record Calibration(String regime, String strategy, double time, List<CalibrationGroup> groups,
                              String unavailable) {
        public Calibration {
            groups = groups == null ? null : List.copyOf(groups);
            if ((groups == null) == (unavailable == null)) {
                throw new IllegalArgumentException("a calibration has either groups or a reason, not both or none");
            }
        }
    }

    /** Mean predicted S(time) of a group, and its Kaplan-Meier S(time) with the 95 % log-log interval. */
    public record CalibrationGroup(int n, double predicted, double observed, double observedLower,
                                   double observedUpper) {
    }

    /** One model's ROC vertices from (0, 0) to (1, 1) and its AUC, or null with the reason. */
    public record Roc(String regime, String strategy, String trainedOn, double auc, double[] fpr, double[] tpr,
                      String unavailable) {
        public Roc {
            fpr = fpr == null ? null : fpr.clone();
            tpr = tpr == null ? null : tpr.clone();
        }
    }

    /** One model's confusion matrix at the threshold on the pooled test rows. */
    public record Confusion(String regime, String strategy, String trainedOn, double threshold, long tp, long fp,
                            long tn, long fn) {
    }

    /** The {@code curves} object of results.json (docs/results.md). */
    Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("repeat", repeat);
        root.put("test", test);
        if (kmRiskGroups != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (RiskGroups k : kmRiskGroups) {
                Map<String, Object> m = model(k.regime(), k.strategy(), null);
                List<Map<String, Object>> groups = new ArrayList<>();
                for (Group g : k.groups()) {
                    Map<String, Object> gm = new LinkedHashMap<>();
                    gm.put("label", g.label());
                    gm.put("n", g.n());
                    gm.put("events", g.events());
                    gm.put("time", g.time());
                    gm.put("survival", g.survival());
                    groups.add(gm);
                }
                m.put("groups", groups);
                Map<String, Object> atRisk = new LinkedHashMap<>();
                atRisk.put("times", k.ticks());
                atRisk.put("counts", k.atRisk());
                m.put("at_risk", atRisk);
                list.add(m);
            }
            root.put("km_risk_groups", list);
        }
        if (calibration != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Calibration c : calibration) {
                Map<String, Object> m = model(c.regime(), c.strategy(), null);
                m.put("time", c.time());
                if (c.groups() == null) {
                    m.put("groups", null);
                    m.put("unavailable", c.unavailable());
                } else {
                    List<Map<String, Object>> groups = new ArrayList<>();
                    for (CalibrationGroup g : c.groups()) {
                        Map<String, Object> gm = new LinkedHashMap<>();
                        gm.put("n", g.n());
                        gm.put("predicted", Json.number(g.predicted()));
                        gm.put("observed", Json.number(g.observed()));
                        gm.put("observed_lower", Json.number(g.observedLower()));
                        gm.put("observed_upper", Json.number(g.observedUpper()));
                        groups.add(gm);
                    }
                    m.put("groups", groups);
                }
                list.add(m);
            }
            root.put("calibration", list);
        }
        if (roc != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Roc r : roc) {
                Map<String, Object> m = model(r.regime(), r.strategy(), r.trainedOn());
                m.put("auc", Json.number(r.auc()));
                m.put("fpr", r.fpr());
                m.put("tpr", r.tpr());
                if (r.unavailable() != null) {
                    m.put("unavailable", r.unavailable());
                }
                list.add(m);
            }
            root.put("roc", list);
        }
        if (confusion != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Confusion c : confusion) {
                Map<String, Object> m = model(c.regime(), c.strategy(), c.trainedOn());
                m.put("threshold", c.threshold());
                m.put("tp", c.tp());
                m.put("fp", c.fp());
                m.put("tn", c.tn());
                m.put("fn", c.fn());
                list.add(m);
            }
            root.put("confusion", list);
        }
        return root;
    }

    private static Map<String, Object> model(String regime, String strategy, String trainedOn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("regime", regime);
        m.put("strategy", strategy);
        if (trainedOn != null) {
            m.put("trained_on", trainedOn);
        }
        return m;
    }
}
