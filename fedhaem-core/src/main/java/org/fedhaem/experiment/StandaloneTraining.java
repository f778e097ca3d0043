package org.fedhaem.experiment;

import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Outcome;
import org.fedhaem.federation.ModelSetup;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.CoxFit;
import org.fedhaem.model.CoxRegression;
import org.fedhaem.model.LogisticFit;
import org.fedhaem.model.LogisticRegression;
import org.fedhaem.model.Network;
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

    private static void exactFit(ModelSetup setup, Design train, Network n) {
        double l2 = setup.l2();
        if (setup.task() == ModelSetup.Task.SURVIVAL) {
            CoxFit fit = CoxRegression.fit(train, setup.ties(), CoxRegression.Options.TIGHT.withL2(l2));
            n.setParameters(fit.toParameters());
        } else {
            LogisticFit fit = LogisticRegression.fit(train, l2, LogisticRegression.Options.TIGHT);
            n.setParameters(fit.toParameters());
        }
    }
}
