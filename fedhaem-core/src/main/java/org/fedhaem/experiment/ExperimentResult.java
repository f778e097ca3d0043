package org.fedhaem.experiment;

import java.util.List;

/**
 * Everything a run produced: per-repeat metrics, their summary, the learning curves, the final models and the
 * data behind the report's tables and curves.
 */
public record ExperimentResult(ExperimentConfig config, Provenance provenance, List<String> sites,
                               List<MetricRow> metrics, List<SummaryRow> summary, List<RoundRow> rounds,
                               List<SavedModelFile> models, double wallSeconds, FigureData figures) {
    public ExperimentResult {
        java.util.Objects.requireNonNull(figures, "figures");
        sites = List.copyOf(sites);
        metrics = List.copyOf(metrics);
        summary = List.copyOf(summary);
        rounds = List.copyOf(rounds);
        models = List.copyOf(models);
    }

    /** The metric the seed study reports: Harrell's C for survival, F1 for binary tasks. */
    public String mainMetric() {
        return config.task() == ExperimentConfig.Task.SURVIVAL ? "c_index" : "f1";
    }
}
