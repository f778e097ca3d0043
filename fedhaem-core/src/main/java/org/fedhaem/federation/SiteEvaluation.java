package org.fedhaem.federation;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.MetricValue;

/**
 * How the global model did on one test set: counts a coordinator can pool without seeing any patient, and the
 * per-patient predictions only when asked (simulation; null otherwise), in the test set's row order.
 */
public sealed interface SiteEvaluation permits SiteEvaluation.Survival, SiteEvaluation.Binary {

    /** Number of test patients. */
    int n();

    /** A copy of the predictions (log-hazard risk, or probability), or null when not sent. */
    double[] predictions();

    /**
     * The pooled figure of several test sets (given in site order): counts add (so C and F1 of the union are
     * computed from shared counts, without cross-site pairs for C); predictions are concatenated when every set
     * sent them. A pooled AUC needs predictions and labels together, so it is undefined.
     */
    static SiteEvaluation pool(List<SiteEvaluation> evaluations) {
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException("nothing to pool");
        }
        int n = 0;
        int positives = 0;
        boolean allPredictions = true;
        for (SiteEvaluation e : evaluations) {
            n += e.n();
            allPredictions &= e.predictions() != null;
            if (e.getClass() != evaluations.get(0).getClass()) {
                throw new IllegalArgumentException("cannot pool survival and binary evaluations");
            }
        }
        double[] predictions = allPredictions ? new double[n] : null;
        int k = 0;
        Concordance concordance = Concordance.EMPTY;
        ConfusionMatrix confusion = new ConfusionMatrix(0, 0, 0, 0);
        for (SiteEvaluation e : evaluations) {
            if (predictions != null) {
                double[] p = e.predictions();
                System.arraycopy(p, 0, predictions, k, p.length);
                k += p.length;
            }
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
                ? new Survival(n, positives, concordance, predictions)
                : new Binary(n, positives, confusion,
                MetricValue.undefined("a pooled AUC needs every site's scores and labels; sites share counts only"),
                predictions);
    }

    /** Harrell's C pair counts on a survival test set of {@code n} patients with {@code events} events. */
    record Survival(int n, int events, Concordance concordance, double[] predictions) implements SiteEvaluation {
        public Survival {
            if (n < 0 || events < 0 || events > n) {
                throw new IllegalArgumentException("need 0 <= events <= n, got n=" + n + ", events=" + events);
            }
            Objects.requireNonNull(concordance, "concordance");
            predictions = predictionsCopy(predictions, n);
        }

        /** Harrell's C; undefined (with the reason) when no pair is comparable. */
        public MetricValue c() {
            return concordance.value();
        }

        @Override
        public double[] predictions() {
            return predictions == null ? null : predictions.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Survival s && n == s.n && events == s.events && concordance.equals(s.concordance)
                    && Arrays.equals(predictions, s.predictions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(n, events, concordance, Arrays.hashCode(predictions));
        }

        @Override
        public String toString() {
            return "Survival[n=" + n + ", events=" + events + ", " + concordance + ", C=" + c()
                    + (predictions == null ? "" : ", with predictions") + "]";
        }
    }

    /**
     * A binary test set of {@code n} patients with {@code positives} positive labels: the confusion matrix at the
     * site's threshold and the site's ROC AUC.
     */
    record Binary(int n, int positives, ConfusionMatrix confusion, MetricValue auc, double[] predictions)
            implements SiteEvaluation {
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
            predictions = predictionsCopy(predictions, n);
        }

        /** F1 at the threshold; undefined (with the reason) without positive labels and predictions. */
        public MetricValue f1() {
            return confusion.f1();
        }

        @Override
        public double[] predictions() {
            return predictions == null ? null : predictions.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary b && n == b.n && positives == b.positives && confusion.equals(b.confusion)
                    && auc.equals(b.auc) && Arrays.equals(predictions, b.predictions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(n, positives, confusion, auc, Arrays.hashCode(predictions));
        }

        @Override
        public String toString() {
            return "Binary[n=" + n + ", positives=" + positives + ", " + confusion + ", F1=" + f1() + ", AUC=" + auc
                    + (predictions == null ? "" : ", with predictions") + "]";
        }
    }

    private static double[] predictionsCopy(double[] predictions, int n) {
        if (predictions == null) {
            return null;
        }
        if (predictions.length != n) {
            throw new IllegalArgumentException("predictions has " + predictions.length + " values, n=" + n);
        }
        return Messages.finiteCopy("predictions", predictions);
    }
}
