package org.fedhaem.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The charts of a report, drawn from a run's {@code results.json}. */
public final class Figures {

    private Figures() {
    }

    /**
     * Every chart the run's results allow, in the order the report shows them: the comparison per metric with a
     * pooled figure (main metric first), the learning curves per strategy, then (when {@code curves} holds them:
     * simulations only; a deployment has none, or only confusion matrices) Kaplan-Meier and calibration charts per
     * model, or the ROC curves.
     */
    public static List<Figure> draw(JsonNode results) {
        Run run = new Run(results);
        List<Figure> figures = new ArrayList<>(Comparison.figures(run));
        figures.addAll(LearningCurves.figures(run));
        JsonNode curves = results.path("curves");
        if (curves.isObject()) {
            figures.addAll(CurveFigures.figures(run, curves));
        }
        return figures;
    }
}
