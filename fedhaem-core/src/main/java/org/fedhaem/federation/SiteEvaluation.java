package org.fedhaem.federation;

import java.util.List;
import java.util.Objects;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.MetricValue;

/**
 * How the global model did on one test set: counts a coordinator can pool without seeing any patient.
 */
public sealed interface SiteEvaluation permits SiteEvaluation.Survival, SiteEvaluation.Binary {

    /** Number of test patients. */
    int n();

    /**
     * The pooled figure of several test sets (given in site order): counts add, so C and F1 of the union are
     * computed from shared counts (without cross-site pairs for C). A pooled AUC needs predictions and labels
     * together, so it is undefined.
     */
    static SiteEvaluation pool(List<SiteEvaluation> evaluations) {
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException("nothing to pool");
        }
        int n = 0;
        int positives = 0;
        Concordance concordance = Concordance.EMPTY;
        ConfusionMatrix confusion = new ConfusionMatrix(0, 0, 0, 0);
        for (SiteEvaluation e : evaluations) {
            if (e.getClass() != evaluations.get(0).getClass()) {
                throw new IllegalArgumentException("cannot pool survival and binary evaluations");
            }
            n += e.n();
            if (e instanceof Survival s) {
                positives += s.events();
                concordance = concordance.plus(s.concordance());
            } else {
                Binary b = (Binary) e;
                positives += b.positives();
                confusion = confusion.plus(b.confusion());
            }
        }
        return evaluations.get(0) instanceof Survival
                ? new Survival(n, positives, concordance)
                : new Binary(n, positives, confusion,
                MetricValue.undefined("a pooled AUC needs every site's scores and labels; sites share counts only"));
    }

    /** Harrell's C pair counts on a survival test set of {@code n} patients with {@code events} events. */
    record Survival(int n, int events, Concordance concordance) implements SiteEvaluation {
        public Survival {
            if (n < 0 || events < 0 || events > n) {
                throw new IllegalArgumentException("need 0 <= events <= n, got n=" + n + ", events=" + events);
            }
            Objects.requireNonNull(concordance, "concordance");
        }

        /** Harrell's C; undefined (with the reason) when no pair is comparable. */
        public MetricValue c() {
            return concordance.value();
        }

        @Override
        public String toString() {
            return "Survival[n=" + n + ", events=" + events + ", " + concordance + ", C=" + c() + "]";
        }
    }

    /**
     * A binary test set of {@code n} patients with {@code positives} positive labels: the confusion matrix at the
     * site's threshold and the site's ROC AUC.
     */
    record Binary(int n, int positives, ConfusionMatrix confusion, MetricValue auc) implements SiteEvaluation {
        public Binary {
            Objects.requireNonNull(confusion, "confusion");
            Objects.requireNonNull(auc, "auc");
            if (confusion.total() != n) {
                throw new IllegalArgumentException("confusion matrix counts " + confusion.total() + " cases, n=" + n);
            }
            if (confusion.truePositive() + confusion.falseNegative() != positives) {
                throw new IllegalArgumentException("confusion matrix has " + (confusion.truePositive()
                        + confusion.falseNegative()) + " positive labels, positives=" + positives);
            }
        }

        /** F1 at the threshold; undefined (with the reason) without positive labels and predictions. */
        public MetricValue f1() {
            return confusion.f1();
        }

        @Override
        public String toString() {
            return "Binary[n=" + n + ", positives=" + positives + ", " + confusion + ", F1=" + f1() + ", AUC=" + auc
                    + "]";
        }
    }
}
