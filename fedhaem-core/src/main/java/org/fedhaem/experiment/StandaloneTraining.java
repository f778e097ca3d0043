package org.fedhaem.experiment;

import java.util.ArrayList;
import java.util.List;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Outcome;
import org.fedhaem.federation.ModelSetup;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.CoxRegression;
import org.fedhaem.model.LogisticFit;
import org.fedhaem.model.LogisticRegression;
import org.fedhaem.model.Network;
import org.fedhaem.model.Parameters;
import org.fedhaem.model.Trainer;
import org.fedhaem.strategy.FitSettings;

/**
 * Training on one data set without federation: the isolated regime (a site alone) and the centralized one (the
 * sites' training rows pooled). By default a model trains with the federated runs' budget of epochs (rounds x
 * local epochs) from the same initial weights; a linear model can instead be fitted exactly (Newton / IRLS, as R).
 */
final class StandaloneTraining {
    private StandaloneTraining() {
    }

    static TrainedModel train(ModelSetup setup, Design train, FittedPreprocessing prep, Network initial,
                              FitSettings settings, long seed, boolean exact) {
        Network n = initial;
        if (exact && setup.network().hidden().length == 0) {
            exactFit(setup, train, n);
        } else {
            Trainer.train(n, train.x(), train.outcome(), setup.training(settings, null), seed);
        }
        BaselineHazard h = null;
        if (train.outcome() instanceof Outcome.Survival s) {
            h = BaselineHazard.estimate(s.time(), s.event(), n.predict(train.x()), setup.ties());
        }
        return new TrainedModel(n, prep, h);
    }

    /**
     * Newton / IRLS to convergence. A column constant on these rows (a small site without a rare mutation) has no
     * identifiable coefficient: it is left out of the fit and gets coefficient 0, as R's NA coefficient predicts.
     */
    private static void exactFit(ModelSetup setup, Design train, Network n) {
        double l2 = setup.l2();
        int p = train.columns();
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            if (!constant(train.x(), j)) {
                keep.add(j);
            }
        }
        double[][] x = new double[train.rows()][keep.size()];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < keep.size(); k++) {
            names.add(train.features().get(keep.get(k)));
            for (int i = 0; i < x.length; i++) {
                x[i][k] = train.x()[i][keep.get(k)];
            }
        }
        Design reduced = new Design(names, x, train.outcome());
        double[] fitted;
        double intercept = 0;
        if (setup.task() == ModelSetup.Task.SURVIVAL) {
            fitted = CoxRegression.fit(reduced, setup.ties(), CoxRegression.Options.TIGHT.withL2(l2)).coefficients();
        } else {
            LogisticFit fit = LogisticRegression.fit(reduced, l2, LogisticRegression.Options.TIGHT);
            intercept = fit.intercept();
            fitted = java.util.Arrays.copyOfRange(fit.coefficients(), 1, fit.coefficients().length);
        }
        double[] beta = new double[p];
        for (int k = 0; k < keep.size(); k++) {
            beta[keep.get(k)] = fitted[k];
        }
        Parameters params = n.parameters().with("out.weight", beta);
        if (setup.task() == ModelSetup.Task.BINARY) {
            params = params.with("out.bias", new double[] {intercept});
        }
        n.setParameters(params);
    }

    private static boolean constant(double[][] x, int j) {
        for (double[] row : x) {
            if (row[j] != x[0][j]) {
                return false;
            }
        }
        return true;
    }
}
