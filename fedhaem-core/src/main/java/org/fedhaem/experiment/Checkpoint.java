package org.fedhaem.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.fedhaem.data.AtomicFile;
import org.fedhaem.federation.SiteEvaluation;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.MetricValue;
import org.fedhaem.strategy.StrategyState;

/**
 * Where a deployment stood after its last completed round ({@code RUNDIR/checkpoint.json}), enough to continue it
 * with the same numbers: the experiment as run, the position (repeat, evaluation unit, strategy, round, all 0-based
 * but the round), the global parameters and the strategy's state, and what the run collected so far. Doubles are
 * written in full (Jackson writes the shortest decimal that reads back to the same double; NaN as "NaN").
 *
 * @param experiment    the experiment as TOML ({@link ExperimentConfig#toToml()})
 * @param repeat        the repeat (0-based)
 * @param unit          the evaluation unit of the repeat (0-based): a cross-validation fold, 0 for a hold-out split
 * @param strategy      the position of the strategy in the experiment's strategies
 * @param round         the last completed round of that strategy (1-based)
 * @param aggregated    whether any round of that strategy so far aggregated
 * @param failedReason  why the last round did not aggregate, or null
 * @param metrics       the metric rows of the finished repeats
 * @param evaluations   the counts of this repeat's models evaluated so far (each fold's, in order), which its
 *                      metric rows pool at the end of the repeat
 * @param failed        the models of this repeat that could not be trained or evaluated, with the reason
 * @param rounds        the learning-curve rows so far
 * @param models        the models kept so far
 * @param data          the data summary as far as known (the first repeat's first fold's site summaries, and its
 *                      test counts once evaluated), so a resumed run reports the same {@code data_summary}
 * @param curves        the first repeat's curves once it is scored (a binary task's confusion matrices), else null
 * @param curvesUnavailable why the first repeat's curves are missing in part or whole, null before it is scored
 */
public record Checkpoint(String format, String experiment, int repeat, int unit, int strategy, int round,
                         double[] global, StrategyState state, boolean aggregated, String failedReason,
                         List<MetricRow> metrics, List<Evaluation> evaluations, List<FailedModel> failed,
                         List<RoundRow> rounds, List<SavedModelFile> models, DataSummary data,
                         Curves curves, String curvesUnavailable) {
    public static final String FORMAT = "fedhaem-checkpoint/2";
    public static final String FILE_NAME = "checkpoint.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Checkpoint {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format must be " + FORMAT + ", got " + format);
        }
        Objects.requireNonNull(experiment, "experiment");
        if (repeat < 0 || unit < 0 || strategy < 0 || round < 1) {
            throw new IllegalArgumentException("repeat, unit and strategy must be >= 0 and round >= 1, got repeat "
                    + repeat + ", unit " + unit + ", strategy " + strategy + ", round " + round);
        }
        global = Objects.requireNonNull(global, "global").clone();
        Objects.requireNonNull(state, "state");
        metrics = List.copyOf(metrics);
        evaluations = List.copyOf(evaluations);
        failed = List.copyOf(failed);
        rounds = List.copyOf(rounds);
        models = List.copyOf(models);
        Objects.requireNonNull(data, "data");
    }

    /**
     * One site's (or the pooled) counts of one model on one test set in one evaluation unit, as a
     * {@link SiteEvaluation} holds them: pair counts for survival ({@code confusion} null), a confusion matrix and
     * the AUC (NaN with {@code aucUndefined} when undefined) for binary ({@code concordance} null).
     */
    public record Evaluation(String regime, String strategy, String trainedOn, String test, int n, int positives,
                             Concordance concordance, ConfusionMatrix confusion, double auc, String aucUndefined) {
        public Evaluation {
            Objects.requireNonNull(regime, "regime");
            Objects.requireNonNull(trainedOn, "trainedOn");
            Objects.requireNonNull(test, "test");
            if ((concordance == null) == (confusion == null)) {
                throw new IllegalArgumentException("an evaluation holds pair counts or a confusion matrix, got "
                        + concordance + " and " + confusion);
            }
        }

        static Evaluation of(ResultKey key, SiteEvaluation e) {
            if (e instanceof SiteEvaluation.Survival s) {
                return new Evaluation(key.regime(), key.strategy(), key.trainedOn(), key.test(), s.n(), s.events(),
                        s.concordance(), null, Double.NaN, null);
            }
            SiteEvaluation.Binary b = (SiteEvaluation.Binary) e;
            return new Evaluation(key.regime(), key.strategy(), key.trainedOn(), key.test(), b.n(), b.positives(),
                    null, b.confusion(), b.auc().value(), b.auc().undefinedReason());
        }

        ResultKey key() {
            return new ResultKey(regime, strategy, trainedOn, test);
        }

        SiteEvaluation evaluation() {
            return concordance != null ? new SiteEvaluation.Survival(n, positives, concordance)
                    : new SiteEvaluation.Binary(n, positives, confusion, new MetricValue(auc, aucUndefined));
        }
    }

    /** A model of the repeat that could not be trained or evaluated ({@code strategy} null for isolated ones). */
    public record FailedModel(String regime, String strategy, String trainedOn, String reason) {
        public FailedModel {
            Objects.requireNonNull(regime, "regime");
            Objects.requireNonNull(trainedOn, "trainedOn");
            Objects.requireNonNull(reason, "reason");
        }
    }

    @Override
    public double[] global() {
        return global.clone();
    }

    /** Writes {@code dir/checkpoint.json}; the file appears whole or not at all. */
    public void write(Path dir) {
        AtomicFile.write(dir.resolve(FILE_NAME), out -> JSON.writeValue(out, this));
    }

    /** Reads {@code dir/checkpoint.json}; an absent, damaged or foreign file gives an error naming it. */
    public static Checkpoint read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no checkpoint to resume from (the run finished, or "
                    + "never completed a round)");
        }
        try {
            return JSON.readValue(file.toFile(), Checkpoint.class);
        } catch (IOException e) {
            String why = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getMessage();
            throw new IllegalArgumentException(file + " is not a fedhaem checkpoint: " + why, e);
        }
    }

    /** Removes the checkpoint of a finished run. */
    public static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot delete " + dir.resolve(FILE_NAME) + ": "
                    + e.getMessage(), e);
        }
    }
}
