package org.fedhaem.federation;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.RankQuery;

/**
 * A question about a site's training rows, asked outside the training rounds (so {@link #round} is 0): the
 * federated preprocessing before training, the federated baseline hazard after it, and in a deployment the isolated
 * models and their cross-site evaluation (docs/federated-statistics.md). Each {@link Question} names the {@link StatisticsReply.Answer} it expects.
 */
public record StatisticsInstruction(String site, Question question) implements Instruction {

    public StatisticsInstruction {
        Messages.site(site);
        Objects.requireNonNull(question, "question");
    }

    /** Statistics are not part of a training round. */
    @Override
    public int round() {
        return 0;
    }

    /** What the coordinator asks. */
    public sealed interface Question permits Begin, Summarise, CountAtMost, Prepare, MaxTimeRoundedTo, CountEvents,
            SumRisks, TrainAlone, EvaluateModel {
    }

    /**
     * Evaluation unit {@code unit} of repeat {@code repeat} begins (both 0-based; the unit is the fold
     * {@code unit % cv_folds} of CV repetition {@code unit / cv_folds}, always 0 for a hold-out split): a deployed
     * site draws that unit's training and test rows from its own data, as the simulation does, and forgets its
     * designs until the next {@link Prepare}; answered by {@link StatisticsReply.Ready}. A site of fixed rows
     * refuses it.
     */
    public record Begin(int repeat, int unit) implements Question {
        public Begin {
            if (repeat < 0 || unit < 0) {
                throw new IllegalArgumentException("repeat and unit must be >= 0, got repeat " + repeat + ", unit "
                        + unit);
            }
        }
    }

    /** Summarise the training rows ({@code SiteColumns.summary}); answered by a {@link StatisticsReply.Summary}. */
    public record Summarise() implements Question {
    }

    /**
     * For each query, how many observed training values of its column are at most its value (the pooled median's
     * bisection); answered by {@link StatisticsReply.Counts}, one per query.
     */
    public record CountAtMost(List<RankQuery> queries) implements Question {
        public CountAtMost {
            queries = List.copyOf(queries);
            if (queries.isEmpty()) {
                throw new IllegalArgumentException("a rank question needs at least one query");
            }
        }
    }

    /**
     * Apply the fitted preprocessing: the site builds its training and test designs and its model; answered by
     * {@link StatisticsReply.Ready}. A site trains and evaluates only after this.
     */
    public record Prepare(FittedPreprocessing preprocessing) implements Question {
        public Prepare {
            Objects.requireNonNull(preprocessing, "preprocessing");
        }
    }

    /**
     * The largest training follow-up time rounded up to a multiple of {@code unit}; answered by
     * {@link StatisticsReply.MaxTime}.
     */
    public record MaxTimeRoundedTo(double unit) implements Question {
        public MaxTimeRoundedTo {
            if (!(unit > 0) || Double.isInfinite(unit)) {
                throw new IllegalArgumentException("unit must be finite and > 0, got " + unit);
            }
        }
    }

    /** The training events in each bin of {@code grid} (bin starts); answered by {@link StatisticsReply.Counts}. */
    public record CountEvents(double[] grid) implements Question {
        public CountEvents {
            grid = Messages.gridCopy(grid);
        }

        @Override
        public double[] grid() {
            return grid.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CountEvents c && Arrays.equals(grid, c.grid);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(grid);
        }

        @Override
        public String toString() {
            return "CountEvents[" + grid.length + " bins]";
        }
    }

    /**
     * The events and log risk-set sums per bin of {@code grid} of the training rows under the {@code global} model
     * (flat parameters); answered by {@link StatisticsReply.Sums}.
     */
    public record SumRisks(double[] grid, double[] global) implements Question {
        public SumRisks {
            grid = Messages.gridCopy(grid);
            global = Messages.finiteCopy("global", global);
        }

        @Override
        public double[] grid() {
            return grid.clone();
        }

        @Override
        public double[] global() {
            return global.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SumRisks s && Arrays.equals(grid, s.grid) && Arrays.equals(global, s.global);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(grid) + Arrays.hashCode(global);
        }

        @Override
        public String toString() {
            return "SumRisks[" + grid.length + " bins, " + global.length + " parameters]";
        }
    }

    /**
     * Train the site's isolated model on its own training rows, with preprocessing fitted on them alone, exactly as
     * a simulation's isolated regime does; answered by {@link StatisticsReply.Model}. Only a deployed site, which
     * knows the experiment, can.
     */
    public record TrainAlone() implements Question {
    }

    /**
     * Score the model of {@code parameters} (flat, in the order of the experiment's network for the preprocessing's
     * features) with its own {@code preprocessing} on the site's test rows (cross-site evaluation of an isolated
     * model); answered by {@link StatisticsReply.Evaluation}, counts only.
     */
    public record EvaluateModel(double[] parameters, FittedPreprocessing preprocessing) implements Question {
        public EvaluateModel {
            parameters = Messages.finiteCopy("parameters", parameters);
            Objects.requireNonNull(preprocessing, "preprocessing");
        }

        @Override
        public double[] parameters() {
            return parameters.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EvaluateModel e && Arrays.equals(parameters, e.parameters)
                    && preprocessing.equals(e.preprocessing);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(parameters) + preprocessing.hashCode();
        }

        @Override
        public String toString() {
            return "EvaluateModel[" + parameters.length + " parameters, " + preprocessing.features().size()
                    + " features]";
        }
    }
}
