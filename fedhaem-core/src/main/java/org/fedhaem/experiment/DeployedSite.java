package org.fedhaem.experiment;

import java.nio.file.Path;
import java.util.Objects;
import org.fedhaem.data.Schema;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.fedhaem.federation.Failure;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.Site;
import org.fedhaem.federation.SiteRunner;
import org.fedhaem.federation.StatisticsInstruction;
import org.fedhaem.federation.StatisticsReply;
import org.fedhaem.random.Seeds;

/**
 * A deployed site: its own data file and the experiment the coordinator sent. At each
 * {@link StatisticsInstruction.Begin} it draws that repeat's (and cross-validation fold's) training and test rows
 * from its file exactly as a simulation of {@code split.files} does for the file at its position in
 * {@code [federation] sites}, and builds a fresh raw-data {@link SiteRunner} that answers everything else until the
 * next {@code Begin}, except
 * {@link StatisticsInstruction.TrainAlone}: the site's isolated model, trained here as the simulation trains it.
 */
public final class DeployedSite implements Site {
    private final ExperimentConfig config;
    private final String name;
    private final int index;
    private final Table table;
    private final Schema schema;
    private SiteRunner runner;
    /** The current unit's training rows, repeat and unit (0-based), set at each {@code Begin}. */
    private int[] train;
    private int repeat;
    private int unit;

    /**
     * @param config the experiment (as the coordinator sent it)
     * @param name   this site's name, which must be in {@code [federation] sites}; its position there is its index
     * @param table  the site's own data
     */
    public DeployedSite(ExperimentConfig config, String name, Table table) {
        this.config = Objects.requireNonNull(config, "config");
        this.name = Objects.requireNonNull(name, "name");
        this.table = Objects.requireNonNull(table, "table");
        this.index = config.federation().sites().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("site " + name + " is not in the experiment's [federation] sites "
                    + config.federation().sites());
        }
        if (!(config.split().sites() instanceof ExperimentConfig.Files)) {
            throw new IllegalArgumentException("a deployment runs on per-site files: the experiment needs [split] "
                    + "files (see docs/deployment.md)");
        }
        this.schema = Cohort.schema(config);
    }

    /** The site {@code name} of {@code config} on the data file {@code data} (read with the experiment's schema). */
    public static DeployedSite open(ExperimentConfig config, String name, Path data) {
        return new DeployedSite(config, name, TableReader.read(data, Cohort.schema(config)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Reply handle(Instruction instruction) {
        if (instruction instanceof StatisticsInstruction s && s.question() instanceof StatisticsInstruction.Begin b) {
            if (b.repeat() >= config.repeats()) {
                return new Failure(0, name, "site " + name + ": repeat " + (b.repeat() + 1) + " is beyond the "
                        + "experiment's " + config.repeats() + " repeats");
            }
            int units = Cohort.unitCount(config.split());
            if (b.unit() >= units) {
                return new Failure(0, name, "site " + name + ": evaluation unit " + (b.unit() + 1) + " is beyond "
                        + "the experiment's " + units + " (split.cv_folds x split.cv_repeats)");
            }
            long seed = config.repeatSeed(b.repeat());
            SiteData rows = Cohort.unitSite(config.split(), schema, Cohort.fileSite(config.split(), schema, name,
                    table, index, seed), index, seed, b.unit());
            train = rows.train();
            repeat = b.repeat();
            unit = b.unit();
            runner = new SiteRunner(name, table, rows.train(), rows.test(), null, schema,
                    config.data().preprocessing(), inputs -> ExperimentRunner.modelSetup(config, inputs));
            return new StatisticsReply(name, new StatisticsReply.Ready());
        }
        if (runner == null) {
            return new Failure(instruction.round(), name, "site " + name + " has not been told which repeat begins");
        }
        if (instruction instanceof StatisticsInstruction s && s.question() instanceof StatisticsInstruction.TrainAlone) {
            return trainAlone();
        }
        return runner.handle(instruction);
    }

    /**
     * The isolated model of this site as a simulation trains it (ExperimentRunner's isolated regime, this unit):
     * preprocessing fitted on the training rows alone, the shared initial weights, the site's own seed. A model
     * that cannot be trained is a {@link Failure} with the simulation's reason.
     */
    private Reply trainAlone() {
        long seed = Seeds.derive(config.repeatSeed(repeat), "unit", unit);
        TrainedModel m;
        try {
            m = ExperimentRunner.isolated(config, table, train, seed, index);
        } catch (IllegalArgumentException | IllegalStateException e) {
            String why = e.getMessage();
            return new Failure(0, name, why == null || why.isBlank() ? e.getClass().getSimpleName() : why);
        }
        return new StatisticsReply(name, new StatisticsReply.Model(m.network().parameters().flatten(),
                m.preprocessing(), m.baseline()));
    }
}
