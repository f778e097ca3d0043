package org.fedhaem.experiment;

import java.util.List;
import org.fedhaem.data.Outcome;
import org.fedhaem.model.BaselineHazard;

/**
 * One trained model's predictions on one test set: the observed outcome, the risk score (log-hazard for survival
 * models, probability for binary ones) and, for survival models, the baseline hazard that turns a risk into a
 * survival curve (null when it could not be estimated: then only the C-index is defined).
 */
record Predictions(Outcome outcome, double[] risk, BaselineHazard baseline) {
    Predictions {
        if (risk.length != outcome.size()) {
            throw new IllegalArgumentException(risk.length + " predictions for " + outcome.size() + " patients");
        }
        if (!(outcome instanceof Outcome.Survival) && baseline != null) {
            throw new IllegalArgumentException("a baseline hazard belongs to survival predictions only");
        }
    }

    int size() {
        return risk.length;
    }

    /** Several disjoint test sets scored by the same model, as one set (the union of sites' test sets). */
    static Predictions concat(List<Predictions> parts) {
        int n = 0;
        for (Predictions p : parts) {
            n += p.size();
            if (p.baseline() != parts.get(0).baseline()) {
                throw new IllegalArgumentException("only predictions of one model can be pooled row by row");
            }
        }
        double[] risk = new double[n];
        double[] time = new double[n];
        boolean[] flag = new boolean[n];
        boolean survival = parts.get(0).outcome() instanceof Outcome.Survival;
        int k = 0;
        for (Predictions p : parts) {
            for (int i = 0; i < p.size(); i++, k++) {
                risk[k] = p.risk()[i];
                if (survival) {
                    time[k] = ((Outcome.Survival) p.outcome()).time()[i];
                    flag[k] = ((Outcome.Survival) p.outcome()).event()[i];
                } else {
                    flag[k] = ((Outcome.Binary) p.outcome()).label()[i];
                }
            }
        }
        Outcome outcome = survival ? new Outcome.Survival(time, flag) : new Outcome.Binary(flag);
        return new Predictions(outcome, risk, parts.get(0).baseline());
    }
}
