package org.fedhaem.experiment;

import java.util.List;

/** Everything a run produced: per-repeat metrics, their summary, the learning curves and the final models. */
public record ExperimentResult(ExperimentConfig config, Provenance provenance, List<String> sites,
                               List<MetricRow> metrics, List<SummaryRow> summary, List<RoundRow> rounds,
                               List<SavedModelFile> models, double wallSeconds) {
    public ExperimentResult {
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
