package org.fedhaem.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.fedhaem.experiment.Checkpoint;
import org.fedhaem.experiment.DeployedSite;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.experiment.ExperimentResult;
import org.fedhaem.experiment.ExperimentRunner;
import org.fedhaem.simulation.InMemoryFleet;

/** A deployment run in this process: {@link DeployedSite}s on the per-site files, over an in-memory fleet. */
final class InProcessDeployment {
    private InProcessDeployment() {
    }

    /** Deploys {@code config} on the {@link SiteFiles#SITES}' files under {@code sites}, never interrupted. */
    static ExperimentResult deploy(ExperimentConfig config, Path sites) {
        return deploy(config, sites, checkpoint -> { }, null);
    }

    /** {@link #deploy(ExperimentConfig, Path)} handing checkpoints on and resuming from {@code resume} if given. */
    static ExperimentResult deploy(ExperimentConfig config, Path sites, Consumer<Checkpoint> checkpoints,
                                   Checkpoint resume) {
        List<DeployedSite> deployed = new ArrayList<>();
        for (String s : SiteFiles.SITES) {
            deployed.add(DeployedSite.open(config, s, sites.resolve(s + ".csv")));
        }
        try (InMemoryFleet fleet = new InMemoryFleet(deployed, 2)) {
            return new ExperimentRunner(config, line -> { }).deploy(fleet, List.of("test"), checkpoints, resume);
        }
    }
}
