package org.fedhaem.federation;

import java.util.Arrays;
import java.util.Objects;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.SiteSummary;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.BinSums;

/**
 * A site's answer to a {@link StatisticsInstruction} (round 0): aggregates of its training rows, never a row.
 * The coordinator checks that the answer is of the kind its question expects.
 */
public record StatisticsReply(String site, Answer answer) implements Reply {

    public StatisticsReply {
        Messages.site(site);
        Objects.requireNonNull(answer, "answer");
    }

    /** Statistics are not part of a training round. */
    @Override
    public int round() {
        return 0;
    }

    /** What a site sends back. */
    public sealed interface Answer permits Summary, Counts, Ready, MaxTime, Sums, Model, Evaluation {
    }

    /** The site's summary of its training rows (to {@link StatisticsInstruction.Summarise}). */
    public record Summary(SiteSummary summary) implements Answer {
        public Summary {
            Objects.requireNonNull(summary, "summary");
        }
    }

    /** Counts, one per rank query or per bin ({@link StatisticsInstruction.CountAtMost}, {@code CountEvents}). */
    public record Counts(int[] counts) implements Answer {
        public Counts {
            if (counts == null) {
                throw new IllegalArgumentException("counts must not be null");
            }
            counts = counts.clone();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    throw new IllegalArgumentException("counts[" + i + "] must be >= 0, got " + counts[i]);
                }
            }
        }

        @Override
        public int[] counts() {
            return counts.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counts c && Arrays.equals(counts, c.counts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return "Counts" + Arrays.toString(counts);
        }
    }

    /** The site applied the preprocessing and can train and evaluate (to {@link StatisticsInstruction.Prepare}). */
    public record Ready() implements Answer {
    }

    /** The largest training follow-up time, rounded up (to {@link StatisticsInstruction.MaxTimeRoundedTo}). */
    public record MaxTime(double value) implements Answer {
        public MaxTime {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("max time must be finite and >= 0, got " + value);
            }
        }
    }

    /** Per-bin events and log risk-set sums (to {@link StatisticsInstruction.SumRisks}). */
    public record Sums(BinSums sums) implements Answer {
        public Sums {
            Objects.requireNonNull(sums, "sums");
        }
    }

    /**
     * The site's isolated model (to {@link StatisticsInstruction.TrainAlone}): its flat parameters, the
     * preprocessing fitted on the site's training rows alone, and for survival its baseline hazard on those rows
     * (null for a binary task).
     */
    public record Model(double[] parameters, FittedPreprocessing preprocessing, BaselineHazard baseline)
            implements Answer {
        public Model {
            parameters = Messages.finiteCopy("parameters", parameters);
            Objects.requireNonNull(preprocessing, "preprocessing");
        }

        @Override
        public double[] parameters() {
            return parameters.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Model m && Arrays.equals(parameters, m.parameters)
                    && preprocessing.equals(m.preprocessing) && Objects.equals(baseline, m.baseline);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(parameters), preprocessing, baseline);
        }

        @Override
        public String toString() {
            return "Model[" + parameters.length + " parameters, " + preprocessing.features().size() + " features, "
                    + (baseline == null ? "no baseline" : baseline.times().length + " baseline times") + "]";
        }
    }

    /** The site's counts for a model scored on its test rows (to {@link StatisticsInstruction.EvaluateModel}). */
    public record Evaluation(SiteEvaluation evaluation) implements Answer {
        public Evaluation {
            Objects.requireNonNull(evaluation, "evaluation");
        }
    }
}
