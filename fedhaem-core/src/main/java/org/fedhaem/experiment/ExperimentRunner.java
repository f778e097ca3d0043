package org.fedhaem.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Outcome;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.Table;
import org.fedhaem.federation.EvaluateInstruction;
import org.fedhaem.federation.EvaluateReply;
import org.fedhaem.federation.Failure;
import org.fedhaem.federation.FederatedSetup;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.Fleet;
import org.fedhaem.federation.ModelSetup;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.RoundListener;
import org.fedhaem.federation.RoundLoop;
import org.fedhaem.federation.RoundRecord;
import org.fedhaem.federation.SiteEvaluation;
import org.fedhaem.federation.SiteRunner;
import org.fedhaem.federation.StatisticsInstruction;
import org.fedhaem.federation.StatisticsReply;
import org.fedhaem.metrics.MetricValue;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.Network;
import org.fedhaem.model.SavedModel;
import org.fedhaem.random.Seeds;
import org.fedhaem.simulation.InMemoryFleet;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.Strategies;
import org.fedhaem.strategy.Strategy;
import org.fedhaem.strategy.StrategyState;

/**
 * Runs an experiment in simulation: for every repeat and evaluation unit, the isolated, federated (per strategy)
 * and centralized regimes on the same sites and test sets, then every model scored on every test set.
 *
 * <p>Seeds: repeat r uses {@code config.repeatSeed(r)}; within it, unit u derives "init" (the one initial network all
 * regimes start from), "isolated" with the site index, "centralized", and "federated" (the same for every strategy,
 * so strategies differ only by what they do).
 */
public final class ExperimentRunner {
    /** Bins of the candidate grid and events per final bin of the federated baseline hazard. */
    static final int BASELINE_BINS = 200;
    static final int BASELINE_MIN_EVENTS = 10;

    /** Progress of a run, for people watching it: one line per round and per trained model. */
    @FunctionalInterface
    public interface Listener {
        void message(String line);
    }

    private final ExperimentConfig config;
    private final Listener listener;
    private final Schema schema;
    private final boolean survival;
    private final Preprocessing spec;
    /** The data of a simulation; null in a deployment, where only the sites hold data. */
    private Cohort cohort;

    public ExperimentRunner(ExperimentConfig config, Listener listener) {
        this.config = config;
        this.listener = listener;
        this.schema = Cohort.schema(config);
        this.survival = schema.target() instanceof Schema.SurvivalTarget;
        this.spec = config.data().preprocessing();
    }

    /** Runs the experiment in simulation: virtual sites in this process. */
    public ExperimentResult run(List<String> commandLine) {
        cohort = new Cohort(config);
        long start = System.nanoTime();
        List<MetricRow> metrics = new ArrayList<>();
        List<RoundRow> rounds = new ArrayList<>();
        List<SavedModelFile> models = new ArrayList<>();
        List<String> siteNames = List.of();
        DataSummary data = null;
        CurveBuilder.Built curves = null;
        for (int r = 0; r < config.repeats(); r++) {
            Repeat repeat = new Repeat(r, new LinkedHashMap<>(), new LinkedHashMap<>(), rounds, models);
            List<List<SiteData>> units = cohort.units(r);
            siteNames = units.get(0).stream().map(SiteData::name).toList();
            if (r == 0) {
                data = DataSummary.ofSites(units.get(0), spec, schema, survival);
            }
            for (int u = 0; u < units.size(); u++) {
                long seed = Seeds.derive(config.repeatSeed(r), "unit", u);
                runUnit(repeat, u, units.size(), units.get(u), seed);
            }
            metrics.addAll(score(repeat, siteNames));
            if (r == 0) {
                Set<ResultKey> failed = new HashSet<>();
                repeat.failed().keySet().forEach(k -> failed.add(resultKey(k, "union")));
                curves = CurveBuilder.build(config, 1, repeat.parts(), failed, config.split().cvFolds());
            }
        }
        return result(commandLine, start, siteNames, metrics, rounds, models,
                new FigureData(data, curves.curves(), curves.unavailable()));
    }

    /**
     * Runs the experiment's federated regime (every strategy) over {@code fleet}, whose sites hold the data (a
     * deployment; the sites are {@link DeployedSite}s): per repeat and evaluation unit (the hold-out split, or each
     * cross-validation fold), the sites draw their rows ({@link FederatedSetup#begin}), then the preprocessing, the
     * rounds, the baseline hazard and the final evaluation go through the fleet exactly as in {@link #run}, so the
     * numbers equal those of a simulation of the same per-site files. When the experiment lists {@code isolated},
     * every site first trains its isolated model and each is evaluated at every site (cross-site evaluation), giving
     * the simulation's isolated rows; the centralized regime needs pooled data and is skipped. The metrics are those
     * the sites' counts give, summed over the folds as the simulation pools them: per site Harrell's C (survival) or
     * the confusion-matrix metrics and AUC (binary), pooled C or confusion metrics; no union of test sets, no
     * c_index_td or Brier score (they need the test rows together with the baseline).
     */
    public ExperimentResult deploy(Fleet fleet, List<String> commandLine) {
        return deploy(fleet, commandLine, checkpoint -> { }, null);
    }

    /**
     * {@link #deploy(Fleet, List)} that hands a {@link Checkpoint} to {@code checkpoints} after every completed
     * round and, given {@code resume}, continues from it: the finished repeats, folds and strategies are taken from
     * it, the sites redo its fold's setup (deterministic) and the rounds continue from its global model and strategy
     * state, so the results equal those of an uninterrupted run. SCAFFOLD keeps control variates at the sites,
     * which a checkpoint cannot hold: an experiment with it cannot be resumed.
     */
    public ExperimentResult deploy(Fleet fleet, List<String> commandLine, Consumer<Checkpoint> checkpoints,
                                   Checkpoint resume) {
        if (resume != null) {
            checkResumable(resume);
        }
        checkDeployable();
        if (config.regimes().contains(ExperimentConfig.Regime.CENTRALIZED)) {
            listener.message("a deployment cannot pool data: the centralized regime is skipped");
        }
        boolean isolated = config.regimes().contains(ExperimentConfig.Regime.ISOLATED);
        long start = System.nanoTime();
        List<MetricRow> metrics = new ArrayList<>(resume == null ? List.of() : resume.metrics());
        List<RoundRow> rounds = new ArrayList<>(resume == null ? List.of() : resume.rounds());
        List<SavedModelFile> models = new ArrayList<>(resume == null ? List.of() : resume.models());
        List<String> siteNames = fleet.sites();
        // The first repeat's first fold's site summaries, then its test counts; carried by every checkpoint.
        AtomicReference<DataSummary> data = new AtomicReference<>(resume == null ? null : resume.data());
        // The first repeat's curves once it is scored (null before); carried by every checkpoint after it.
        AtomicReference<CurveBuilder.Built> curves = new AtomicReference<>(resume == null || resume.repeat() == 0
                ? null : new CurveBuilder.Built(resume.curves(), resume.curvesUnavailable() != null
                || resume.curves() != null ? resume.curvesUnavailable() : "the checkpoint resumed from (written by an "
                + "earlier version of fedhaem) does not hold the first repeat's curves"));
        int units = Cohort.unitCount(config.split());
        for (int r = resume == null ? 0 : resume.repeat(); r < config.repeats(); r++) {
            Repeat repeat = new Repeat(r, new LinkedHashMap<>(), new LinkedHashMap<>(), rounds, models);
            Checkpoint from = resume != null && r == resume.repeat() ? resume : null;
            // Each model's per-site and pooled counts of every fold so far, pooled over the folds at the end.
            Map<ResultKey, List<SiteEvaluation>> counts = new LinkedHashMap<>();
            if (from != null) {
                for (Checkpoint.Evaluation e : from.evaluations()) {
                    counts.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.evaluation());
                }
                for (Checkpoint.FailedModel f : from.failed()) {
                    repeat.failed().put(new ModelKey(f.regime(), f.strategy(), f.trainedOn()), f.reason());
                }
                listener.message(String.format(Locale.ROOT, "resuming after repeat %d/%d%s · federated %s · round "
                        + "%d/%d", r + 1, config.repeats(), units > 1 ? String.format(Locale.ROOT, " fold %d/%d",
                        from.unit() + 1, units) : "", config.strategies().get(from.strategy()), from.round(),
                        config.training().rounds()));
            }
            for (int u = from == null ? 0 : from.unit(); u < units; u++) {
                Checkpoint at = from != null && u == from.unit() ? from : null;
                String where = units > 1 ? String.format(Locale.ROOT, "repeat %d/%d fold %d/%d", r + 1,
                        config.repeats(), u + 1, units) : String.format(Locale.ROOT, "repeat %d/%d", r + 1,
                        config.repeats());
                FederatedSetup.begin(fleet, r, u);
                FederatedSetup.Prepared prepared = FederatedSetup.prepare(fleet, spec, schema);
                FittedPreprocessing shared = prepared.preprocessing();
                if (r == 0 && u == 0) {
                    data.set(DataSummary.ofDeployment(siteNames, prepared.summaries(), Map.of(), survival));
                }
                long seed = Seeds.derive(config.repeatSeed(r), "unit", u);
                ModelSetup setup = setup(shared.features().size());
                if (isolated && at == null) {
                    crossSiteEvaluation(repeat, u, where, fleet, siteNames, counts);
                }
                int repeatIndex = r;
                int unit = u;
                RoundHook hook = (strategy, round, global, state, aggregated, failedReason) ->
                        checkpoints.accept(new Checkpoint(Checkpoint.FORMAT, config.toToml(), repeatIndex, unit,
                                strategy, round, global, state, aggregated, failedReason, metrics,
                                evaluations(counts), failures(repeat), rounds, models, data.get(),
                                curves.get() == null ? null : curves.get().curves(),
                                curves.get() == null ? null : curves.get().unavailable()));
                federated(repeat, u, where, siteNames.size(), fleet, shared, setup, setup.newNetwork(Seeds.derive(
                        seed, "init")), baseSettings(), seed, (key, m) -> evaluate(fleet, key, counts, site ->
                        new EvaluateInstruction(0, site, m.network().parameters().flatten())), hook, at);
            }
            metrics.addAll(score(repeat, counts, siteNames));
            if (r == 0) {
                data.set(data.get().withTests(testCounts(counts)));
                Set<ResultKey> failed = new HashSet<>();
                repeat.failed().keySet().forEach(k -> failed.add(resultKey(k, "pooled")));
                curves.set(survival ? new CurveBuilder.Built(null, CurveBuilder.DEPLOYMENT_SURVIVAL)
                        : CurveBuilder.confusions(config, 1, counts, failed, config.split().cvFolds()));
            }
        }
        return result(commandLine, start, siteNames, metrics, rounds, models, new FigureData(data.get(),
                curves.get().curves(), curves.get().unavailable()));
    }

    /** Each site's test rows as the first federated model's evaluation counted them (the first fold's with CV). */
    private static Map<String, SiteEvaluation> testCounts(Map<ResultKey, List<SiteEvaluation>> counts) {
        Map<String, SiteEvaluation> out = new LinkedHashMap<>();
        counts.forEach((k, e) -> {
            if (k.regime().equals("federated") && !k.test().equals("pooled") && !e.isEmpty()) {
                out.putIfAbsent(k.test(), e.get(0));
            }
        });
        return out;
    }

    /**
     * Cross-site evaluation in one unit of a deployed repeat: every site trains its isolated model at once
     * ({@link StatisticsInstruction.TrainAlone}), then each model is scored at every site
     * ({@link StatisticsInstruction.EvaluateModel}) into {@code counts}; the models are kept as a simulation keeps
     * them. A site that cannot train gives its model's undefined rows.
     */
    private void crossSiteEvaluation(Repeat repeat, int u, String where, Fleet fleet, List<String> sites,
                                     Map<ResultKey, List<SiteEvaluation>> counts) {
        List<StatisticsInstruction> alone = new ArrayList<>();
        for (String site : sites) {
            alone.add(new StatisticsInstruction(site, new StatisticsInstruction.TrainAlone()));
        }
        List<Reply> replies = fleet.send(alone);
        for (int i = 0; i < sites.size(); i++) {
            Reply reply = replies.get(i);
            String site = sites.get(i);
            train(repeat, u, where, new ModelKey("isolated", null, site), (key, m) -> evaluate(fleet, key, counts,
                    s -> new StatisticsInstruction(s, new StatisticsInstruction.EvaluateModel(
                            m.network().parameters().flatten(), m.preprocessing()))), () -> {
                if (reply instanceof StatisticsReply r && r.answer() instanceof StatisticsReply.Model model) {
                    Network n = setup(model.preprocessing().features().size()).newNetwork(0);
                    n.setParameters(n.parameters().withFlat(model.parameters()));
                    return new TrainedModel(n, model.preprocessing(), model.baseline());
                }
                // The site's reason is the simulation's: the same training failed the same way.
                throw new IllegalStateException(reply instanceof Failure f ? f.reason()
                        : "site " + site + " was asked to train alone and answered " + reply);
            });
        }
    }

    /** The counts of a deployed repeat so far, as a checkpoint holds them. */
    private static List<Checkpoint.Evaluation> evaluations(Map<ResultKey, List<SiteEvaluation>> counts) {
        List<Checkpoint.Evaluation> out = new ArrayList<>();
        counts.forEach((key, parts) -> parts.forEach(e -> out.add(Checkpoint.Evaluation.of(key, e))));
        return out;
    }

    private static List<Checkpoint.FailedModel> failures(Repeat repeat) {
        List<Checkpoint.FailedModel> out = new ArrayList<>();
        repeat.failed().forEach((k, reason) -> out.add(new Checkpoint.FailedModel(k.regime(), k.strategy(),
                k.trainedOn(), reason)));
        return out;
    }

    /**
     * Fails, saying why and what to do instead, when the experiment cannot be deployed: it needs per-site files, the
     * federated regime, and no external test set (whose rows would have to be at some site).
     */
    public void checkDeployable() {
        if (!(config.split().sites() instanceof ExperimentConfig.Files)) {
            throw new IllegalArgumentException("a deployment runs on per-site files: the experiment needs [split] "
                    + "files (see docs/deployment.md)");
        }
        if (config.data().testPath() != null) {
            throw new IllegalArgumentException("data.test_path: a deployment has no external test set (its rows "
                    + "would have to be at some site); hold out test rows at each site instead (split.test_fraction "
                    + "or split.cv_folds), or give the external cohort's hospital a site of its own");
        }
        if (!config.regimes().contains(ExperimentConfig.Regime.FEDERATED)) {
            throw new IllegalArgumentException("regimes: a deployment runs the federated regime, which the "
                    + "experiment does not list");
        }
    }

    /** Fails, saying why, when {@code checkpoint} cannot continue this experiment. */
    public void checkResumable(Checkpoint resume) {
        if (!resume.experiment().equals(config.toToml())) {
            throw new IllegalArgumentException("the checkpoint is from another experiment (or other --set "
                    + "values): resume with the experiment it was written for");
        }
        if (config.strategies().contains("scaffold")) {
            throw new IllegalArgumentException("an experiment with scaffold cannot be resumed: SCAFFOLD keeps "
                    + "control variates at the sites, which a checkpoint does not hold (docs/deployment.md)");
        }
        if (resume.repeat() >= config.repeats() || resume.unit() >= Cohort.unitCount(config.split())
                || resume.strategy() >= config.strategies().size() || resume.round() > config.training().rounds()) {
            throw new IllegalArgumentException("the checkpoint's position (repeat " + (resume.repeat() + 1)
                    + ", fold " + (resume.unit() + 1) + ", strategy " + (resume.strategy() + 1) + ", round "
                    + resume.round() + ") is outside the experiment");
        }
    }

    private ExperimentResult result(List<String> commandLine, long start, List<String> siteNames,
                                    List<MetricRow> metrics, List<RoundRow> rounds, List<SavedModelFile> models,
                                    FigureData figures) {
        List<SummaryRow> summary = summarise(metrics);
        long elapsed = System.nanoTime() - start;
        double wall = elapsed / 1e9;
        Instant started = Instant.now().minusNanos(elapsed);
        return new ExperimentResult(config, Provenance.collect(config.seed(), commandLine, started), siteNames, metrics,
                summary, rounds, models, wall, figures);
    }

    /**
     * What one repeat collects: every model's predictions per test set (over the evaluation units), the models that
     * could not be trained with the reason, the learning curves and the kept models.
     */
    private record Repeat(int index, Map<ResultKey, List<Predictions>> parts, Map<ModelKey, String> failed,
                          List<RoundRow> rounds, List<SavedModelFile> models) {
    }

    /** A model of a repeat: regime, strategy (federated only) and what it was trained on. */
    private record ModelKey(String regime, String strategy, String trainedOn) {
        String label() {
            return regime + (strategy != null ? " " + strategy : "") + (trainedOn.equals("all") ? "" : " " + trainedOn);
        }
    }

    private void runUnit(Repeat repeat, int u, int unitCount, List<SiteData> sites, long seed) {
        int r = repeat.index();
        String where = unitCount > 1 ? String.format(Locale.ROOT, "repeat %d/%d fold %d/%d", r + 1, config.repeats(),
                u + 1, unitCount) : String.format(Locale.ROOT, "repeat %d/%d", r + 1, config.repeats());
        List<SiteRunner> runners = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            SiteData s = sites.get(i);
            // The external set is scored once per round, by the first site, for the learning curve.
            runners.add(new SiteRunner(s.name(), s.table(), s.train(), s.test(), i == 0 ? cohort.external() : null,
                    schema, spec, this::setup));
        }
        try (InMemoryFleet fleet = new InMemoryFleet(runners, config.training().threads())) {
            // Federated and centralized models share the preprocessing fitted from the sites' aggregates through
            // the fleet, as a deployment does; it equals the pooled fit (to rounding for mean and SD).
            FittedPreprocessing shared = FederatedSetup.preprocessing(fleet, spec, schema);
            runRegimes(repeat, u, where, sites, fleet, shared, seed);
        }
    }

    private void runRegimes(Repeat repeat, int u, String where, List<SiteData> sites, Fleet fleet,
                            FittedPreprocessing shared, long seed) {
        ModelSetup setup = setup(shared.features().size());
        Network initial = setup.newNetwork(Seeds.derive(seed, "init"));
        FitSettings base = baseSettings();
        FitSettings budget = new FitSettings(config.training().localEpochs() * config.training().rounds(),
                config.training().batchSize(), config.training().lr(), 0, null);
        boolean exact = config.model().type() == ExperimentConfig.ModelType.COX;

        if (config.regimes().contains(ExperimentConfig.Regime.ISOLATED)) {
            for (int s = 0; s < sites.size(); s++) {
                SiteData site = sites.get(s);
                int index = s;
                train(repeat, u, where, new ModelKey("isolated", null, site.name()), scorer(sites, repeat),
                        () -> isolated(config, site.table(), site.train(), seed, index));
            }
        }
        if (config.regimes().contains(ExperimentConfig.Regime.FEDERATED)) {
            federated(repeat, u, where, sites.size(), fleet, shared, setup, initial, base, seed,
                    (key, m) -> headline(score(m, key, sites, repeat.parts())), null, null);
        }
        if (config.regimes().contains(ExperimentConfig.Regime.CENTRALIZED)) {
            train(repeat, u, where, new ModelKey("centralized", null, "all"), scorer(sites, repeat), () -> {
                List<Design> designs = new ArrayList<>();
                for (SiteData s : sites) {
                    designs.add(shared.apply(s.table(), s.train()));
                }
                Network start = setup.newNetwork(Seeds.derive(seed, "init"));
                return StandaloneTraining.train(setup, concat(designs), shared, start, budget,
                        Seeds.derive(seed, "centralized"), exact);
            });
        }
    }

    /**
     * The isolated model of site {@code index} of a unit with seed {@code unitSeed}: preprocessing fitted on its
     * {@code train} rows of {@code table} alone, the unit's initial weights, the federated runs' budget of epochs,
     * an exact fit for {@code model.type = "cox"}. A deployed site trains its own with this, so the two are equal.
     */
    static TrainedModel isolated(ExperimentConfig config, Table table, int[] train, long unitSeed, int index) {
        FittedPreprocessing own = config.data().preprocessing().fit(table, Cohort.schema(config), train);
        ModelSetup ownSetup = modelSetup(config, own.features().size());
        Network start = ownSetup.newNetwork(Seeds.derive(unitSeed, "init"));
        FitSettings budget = new FitSettings(config.training().localEpochs() * config.training().rounds(),
                config.training().batchSize(), config.training().lr(), 0, null);
        return StandaloneTraining.train(ownSetup, own.apply(table, train), own, start, budget,
                Seeds.derive(unitSeed, "isolated", index), config.model().type() == ExperimentConfig.ModelType.COX);
    }

    private FitSettings baseSettings() {
        return new FitSettings(config.training().localEpochs(), config.training().batchSize(),
                config.training().lr(), 0, null);
    }

    /** Scores a final model and says how it did in one line. */
    @FunctionalInterface
    private interface Scorer {
        String score(ModelKey key, TrainedModel model);
    }

    /** Scoring on the simulated sites' rows. */
    private Scorer scorer(List<SiteData> sites, Repeat repeat) {
        return (key, m) -> headline(score(m, key, sites, repeat.parts()));
    }

    /**
     * Trains one model and scores it; a model that cannot be trained (an exact Cox fit without a finite estimate at
     * a small site, a federated run where no round aggregated) is reported with its reason, and the run goes on.
     */
    private void train(Repeat repeat, int u, String where, ModelKey key, Scorer scorer,
                       java.util.function.Supplier<TrainedModel> training) {
        TrainedModel m;
        try {
            m = training.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            repeat.failed().put(key, e.getMessage());
            listener.message(where + " · " + key.label() + " · not trained: " + e.getMessage());
            return;
        }
        String headline;
        try {
            headline = scorer.score(key, m);
        } catch (IllegalStateException e) {
            // A deployed site failed to evaluate the final model.
            repeat.failed().put(key, e.getMessage());
            listener.message(where + " · " + key.label() + " · not evaluated: " + e.getMessage());
            return;
        }
        listener.message(where + " · " + key.label() + " · " + headline);
        if (u == 0) {
            keep(repeat, key, m, where);
        }
    }

    private void federated(Repeat repeat, int u, String where, int siteCount, Fleet fleet,
                           FittedPreprocessing shared, ModelSetup setup, Network initial, FitSettings base, long seed,
                           Scorer scorer, RoundHook hook, Checkpoint from) {
        double[] global0 = initial.parameters().flatten();
        boolean[] trainable = initial.trainableMask();
        RoundLoop loop = new RoundLoop(fleet, new RoundLoop.Options(config.training().evalEvery(),
                RoundLoop.DEFAULT_MAX_UPDATE_NORM));
        int total = config.training().rounds();
        List<String> names = config.strategies();
        for (int s = from == null ? 0 : from.strategy(); s < names.size(); s++) {
            String name = names.get(s);
            int strategyIndex = s;
            Checkpoint at = from != null && s == from.strategy() ? from : null;
            train(repeat, u, where, new ModelKey("federated", name, "all"), scorer, () -> {
                Map<String, Object> options = new LinkedHashMap<>(config.options(name));
                if (name.equals("scaffold")) {
                    options.putIfAbsent("num_sites", siteCount);
                }
                Strategy strategy = Strategies.create(name, options, trainable);
                // Round by round (RoundLoop.run's steps), so a deployment can checkpoint between rounds.
                double[] global = at == null ? global0 : at.global();
                StrategyState state = at == null ? strategy.initialState(global0) : at.state();
                boolean aggregated = at != null && at.aggregated();
                String failedReason = at == null ? null : at.failedReason();
                RoundListener progress = progress(repeat, u, where, name);
                long federatedSeed = Seeds.derive(seed, "federated");
                for (int round = at == null ? 1 : at.round() + 1; round <= total; round++) {
                    RoundLoop.Step step = loop.round(strategy, round, total, global, state, base, federatedSeed,
                            progress);
                    global = step.global();
                    state = step.state();
                    aggregated |= step.record().aggregated();
                    failedReason = step.record().failedReason();
                    if (hook != null) {
                        hook.roundDone(strategyIndex, round, global, state, aggregated, failedReason);
                    }
                }
                if (!aggregated) {
                    throw new IllegalStateException("no round aggregated (" + failedReason + "): the model is the "
                            + "untrained initial network");
                }
                Network n = setup.newNetwork(0);
                n.setParameters(initial.parameters().withFlat(global));
                return new TrainedModel(n, shared,
                        federatedBaseline(fleet, global, where + " · federated " + name));
            });
        }
    }

    /** Called after every completed federated round of a deployment, to checkpoint it. */
    @FunctionalInterface
    private interface RoundHook {
        void roundDone(int strategy, int round, double[] global, StrategyState state, boolean aggregated,
                       String failedReason);
    }

    /**
     * The Breslow baseline on a coarse shared grid, from per-site bin sums through the fleet (see
     * docs/federated-statistics.md); null for a binary task.
     */
    private BaselineHazard federatedBaseline(Fleet fleet, double[] global, String label) {
        if (!survival) {
            return null;
        }
        try {
            return FederatedSetup.baseline(fleet, global, 1.0, BASELINE_BINS, BASELINE_MIN_EVENTS);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Too few events for the coarse grid, or a site without follow-up: the C-index needs no baseline,
            // survival curves do.
            listener.message(label + " · no baseline hazard: " + e.getMessage());
            return null;
        }
    }

    private RoundListener progress(Repeat repeat, int u, String where, String strategy) {
        int r = repeat.index();
        List<RoundRow> rounds = repeat.rounds();
        String metric = survival ? "c_index" : "f1";
        return new RoundListener() {
            @Override
            public void roundFinished(RoundRecord record, int total) {
                int failures = record.failures().size();
                for (Map.Entry<String, SiteEvaluation> e : record.evaluations().entrySet()) {
                    rounds.add(row(r, u, strategy, record, e.getKey(), e.getValue(), metric, failures));
                }
                if (record.pooledExternal() != null) {
                    rounds.add(row(r, u, strategy, record, "external", record.pooledExternal(), metric, failures));
                }
                String pooled = "";
                if (record.pooled() != null && n(record.pooled()) > 0) {
                    rounds.add(row(r, u, strategy, record, "pooled", record.pooled(), metric, failures));
                    pooled = " · pooled " + (metric.equals("c_index") ? "C " : "F1 ")
                            + format(value(record.pooled()));
                }
                listener.message(String.format(Locale.ROOT, "%s · federated %s · round %d/%d · sites %d/%d%s%s",
                        where, strategy, record.round(), total, record.replied().size(), record.selected().size(),
                        pooled, record.aggregated() ? "" : " · round failed: " + record.failedReason()));
            }
        };
    }

    private static RoundRow row(int r, int u, String strategy, RoundRecord record, String site, SiteEvaluation e,
                                String metric, int failures) {
        return new RoundRow(r + 1, u + 1, strategy, record.round(), site, metric, value(e), n(e),
                record.meanTrainLoss(), record.replied().size(), failures);
    }

    private static int n(SiteEvaluation e) {
        return e instanceof SiteEvaluation.Survival s ? s.n() : ((SiteEvaluation.Binary) e).n();
    }

    private static double value(SiteEvaluation e) {
        return e instanceof SiteEvaluation.Survival s ? s.c().value() : ((SiteEvaluation.Binary) e).f1().value();
    }

    private ModelSetup setup(int inputs) {
        return modelSetup(config, inputs);
    }

    /** The experiment's model for {@code inputs} features: the same in a simulation and at a deployed site. */
    static ModelSetup modelSetup(ExperimentConfig config, int inputs) {
        ExperimentConfig.Model m = config.model();
        ExperimentConfig.Training t = config.training();
        boolean survival = Cohort.schema(config).target() instanceof Schema.SurvivalTarget;
        return new ModelSetup(m.networkSpec(inputs),
                survival ? ModelSetup.Task.SURVIVAL : ModelSetup.Task.BINARY, m.ties(),
                t.optimizer() == ExperimentConfig.OptimizerKind.ADAM ? ModelSetup.OptimizerKind.ADAM
                        : ModelSetup.OptimizerKind.SGD,
                t.momentum(), t.nesterov(), m.l2(), config.evaluation().threshold());
    }

    /** Predictions for the progress line: the sites' test sets ("pooled"), or the external set when none has rows. */
    private record Scored(List<Predictions> predictions, String label) {
    }

    /**
     * Scores a final model on every site's test set, their pooled counts, their union and the external set; returns
     * what the progress line reports.
     */
    private Scored score(TrainedModel m, ModelKey key, List<SiteData> sites,
                                    Map<ResultKey, List<Predictions>> parts) {
        List<Predictions> bySite = new ArrayList<>();
        for (SiteData s : sites) {
            if (s.test().length == 0) {
                continue;
            }
            Predictions p = m.predict(s.table(), s.test());
            bySite.add(p);
            add(parts, resultKey(key, s.name()), p);
            add(parts, resultKey(key, "pooled"), p);
        }
        if (!bySite.isEmpty()) {
            add(parts, resultKey(key, "union"), Predictions.concat(bySite));
        }
        Table external = cohort.external();
        if (external != null) {
            int[] all = new int[external.rows()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            Predictions p = m.predict(external, all);
            add(parts, resultKey(key, "external"), p);
            if (bySite.isEmpty()) {
                return new Scored(List.of(p), "external");
            }
        }
        return new Scored(bySite, "pooled");
    }

    /**
     * Evaluates a final model at every deployed site (the {@code instruction} for each site through the fleet: an
     * {@code EvaluateInstruction} of a federated model, an {@code EvaluateModel} question of an isolated one),
     * adds each site's counts and their pooled counts to the model's key (one part per fold), and returns the
     * progress line.
     */
    private String evaluate(Fleet fleet, ModelKey key, Map<ResultKey, List<SiteEvaluation>> counts,
                            Function<String, Instruction> instruction) {
        List<Instruction> instructions = new ArrayList<>();
        for (String site : fleet.sites()) {
            instructions.add(instruction.apply(site));
        }
        List<Reply> replies = fleet.send(instructions);
        List<SiteEvaluation> bySite = new ArrayList<>();
        Map<ResultKey, SiteEvaluation> mine = new LinkedHashMap<>();
        for (int i = 0; i < replies.size(); i++) {
            Reply reply = replies.get(i);
            SiteEvaluation e;
            if (reply instanceof EvaluateReply r) {
                e = r.evaluation();
            } else if (reply instanceof StatisticsReply r && r.answer() instanceof StatisticsReply.Evaluation v) {
                e = v.evaluation();
            } else {
                String reason = reply instanceof Failure f ? f.reason() : "an unexpected "
                        + reply.getClass().getSimpleName();
                throw new IllegalStateException("site " + instructions.get(i).site() + " did not evaluate the final "
                        + "model: " + reason);
            }
            if (e.n() == 0) {
                continue;
            }
            bySite.add(e);
            mine.put(resultKey(key, instructions.get(i).site()), e);
        }
        if (bySite.isEmpty()) {
            return "no test rows";
        }
        SiteEvaluation pooled = SiteEvaluation.pool(bySite);
        mine.put(resultKey(key, "pooled"), pooled);
        mine.forEach((k, e) -> counts.computeIfAbsent(k, x -> new ArrayList<>()).add(e));
        MetricValue v = pooled instanceof SiteEvaluation.Survival s ? s.c() : ((SiteEvaluation.Binary) pooled).f1();
        return "pooled" + (survival ? " C " : " F1 ") + (v.isDefined() ? format(v.value()) : "undefined");
    }

    /**
     * The metric rows of one deployed repeat, from the sites' counts pooled over the folds; undefined values for
     * the models that were not trained or evaluated in some fold (as the simulation reports them).
     */
    private List<MetricRow> score(Repeat repeat, Map<ResultKey, List<SiteEvaluation>> counts, List<String> sites) {
        List<MetricRow> rows = new ArrayList<>();
        int r = repeat.index() + 1;
        for (Map.Entry<ResultKey, List<SiteEvaluation>> e : counts.entrySet()) {
            ResultKey k = e.getKey();
            if (repeat.failed().containsKey(new ModelKey(k.regime(), k.strategy(), k.trainedOn()))) {
                continue;
            }
            for (Map.Entry<String, MetricValue> v : Scoring.fromCounts(e.getValue(), k.test().equals("pooled"))
                    .entrySet()) {
                rows.add(new MetricRow(r, k.regime(), k.strategy(), k.trainedOn(), k.test(), v.getKey(),
                        v.getValue().value(), v.getValue().isDefined() ? null : v.getValue().undefinedReason()));
            }
        }
        rows.addAll(failedRows(repeat, sites));
        return rows;
    }

    /** Undefined rows, with the reason, for the models of a deployed repeat that were not trained or evaluated. */
    private List<MetricRow> failedRows(Repeat repeat, List<String> sites) {
        List<MetricRow> rows = new ArrayList<>();
        int r = repeat.index() + 1;
        List<String> tests = new ArrayList<>(sites);
        tests.add("pooled");
        for (Map.Entry<ModelKey, String> f : repeat.failed().entrySet()) {
            ModelKey m = f.getKey();
            for (String test : tests) {
                for (String metric : Scoring.countMetricNames(survival, test.equals("pooled"))) {
                    rows.add(new MetricRow(r, m.regime(), m.strategy(), m.trainedOn(), test, metric, Double.NaN,
                            "model not trained: " + f.getValue()));
                }
            }
        }
        return rows;
    }

    private static ResultKey resultKey(ModelKey m, String test) {
        return new ResultKey(m.regime(), m.strategy(), m.trainedOn(), test);
    }

    private static void add(Map<ResultKey, List<Predictions>> parts, ResultKey key, Predictions p) {
        parts.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
    }

    /** The model's main metric over the local test sets (or the external set when there are none). */
    private String headline(Scored scored) {
        if (scored.predictions().isEmpty()) {
            return "no test rows";
        }
        String metric = survival ? "c_index" : "f1";
        MetricValue v = Scoring.pooled(scored.predictions(), config.evaluation().threshold()).get(metric);
        return scored.label() + (survival ? " C " : " F1 ") + (v.isDefined() ? format(v.value())
                : "undefined");
    }

    /** The metric rows of one repeat: scored predictions, and undefined values for models that were not trained. */
    private List<MetricRow> score(Repeat repeat, List<String> siteNames) {
        List<MetricRow> rows = new ArrayList<>();
        double threshold = config.evaluation().threshold();
        int r = repeat.index() + 1;
        for (Map.Entry<ResultKey, List<Predictions>> e : repeat.parts().entrySet()) {
            ResultKey k = e.getKey();
            if (repeat.failed().containsKey(new ModelKey(k.regime(), k.strategy(), k.trainedOn()))) {
                continue;
            }
            Map<String, MetricValue> values = k.test().equals("pooled") ? Scoring.pooled(e.getValue(), threshold)
                    : Scoring.score(e.getValue(), grid(e.getValue()), threshold);
            for (Map.Entry<String, MetricValue> v : values.entrySet()) {
                rows.add(new MetricRow(r, k.regime(), k.strategy(), k.trainedOn(), k.test(), v.getKey(),
                        v.getValue().value(), v.getValue().isDefined() ? null : v.getValue().undefinedReason()));
            }
        }
        List<String> tests = new ArrayList<>(siteNames);
        tests.addAll(List.of("pooled", "union"));
        if (cohort.external() != null) {
            tests.add("external");
        }
        for (Map.Entry<ModelKey, String> f : repeat.failed().entrySet()) {
            ModelKey m = f.getKey();
            for (String test : tests) {
                for (String metric : Scoring.metricNames(survival, test.equals("pooled"))) {
                    rows.add(new MetricRow(r, m.regime(), m.strategy(), m.trainedOn(), test, metric, Double.NaN,
                            "model not trained: " + f.getValue()));
                }
            }
        }
        return rows;
    }

    /**
     * Times for the integrated Brier score: {@code evaluation.times} when given, else 10 points between the 10th
     * and 80th percentile of the test set's follow-up times (where the censoring weights are still reliable).
     */
    private double[] grid(List<Predictions> parts) {
        if (!(parts.get(0).outcome() instanceof Outcome.Survival)) {
            return null;
        }
        double[] given = config.evaluation().timesArray();
        if (given.length >= 2) {
            return given;
        }
        Predictions all = parts.size() == 1 ? parts.get(0) : null;
        double[] t = all != null ? ((Outcome.Survival) all.outcome()).time() : concatTimes(parts);
        double[] sorted = t.clone();
        java.util.Arrays.sort(sorted);
        double lo = quantile(sorted, 0.1);
        double hi = quantile(sorted, 0.8);
        if (!(hi > lo)) {
            return null;
        }
        double[] grid = new double[10];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = lo + (hi - lo) * i / (grid.length - 1);
        }
        return grid;
    }

    private static double[] concatTimes(List<Predictions> parts) {
        int n = 0;
        for (Predictions p : parts) {
            n += p.size();
        }
        double[] out = new double[n];
        int k = 0;
        for (Predictions p : parts) {
            for (double t : ((Outcome.Survival) p.outcome()).time()) {
                out[k++] = t;
            }
        }
        return out;
    }

    private static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    private static List<SummaryRow> summarise(List<MetricRow> metrics) {
        Map<List<String>, List<Double>> groups = new LinkedHashMap<>();
        for (MetricRow m : metrics) {
            groups.computeIfAbsent(java.util.Arrays.asList(m.regime(), m.strategy(), m.trainedOn(), m.test(),
                    m.metric()), k -> new ArrayList<>()).add(m.value());
        }
        List<SummaryRow> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<Double>> g : groups.entrySet()) {
            double[] v = g.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            List<String> k = g.getKey();
            out.add(new SummaryRow(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), Summary.of(v)));
        }
        return out;
    }

    private void keep(Repeat repeat, ModelKey key, TrainedModel m, String where) {
        String name = key.regime() + (key.strategy() != null ? "-" + key.strategy() : "")
                + (key.trainedOn().equals("all") ? "" : "-" + key.trainedOn());
        if (survival && m.baseline() == null) {
            listener.message(where + " · " + key.label() + " · not saved: no baseline hazard for survival curves");
            return;
        }
        String kind = switch (config.model().type()) {
            case COX -> "cox";
            case DEEPSURV -> "deepsurv";
            case LOGISTIC -> "logistic";
        };
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("experiment", config.name());
        provenance.put("model", name);
        provenance.put("repeat", Integer.toString(repeat.index() + 1));
        provenance.put("seed", Long.toString(config.repeatSeed(repeat.index())));
        repeat.models().add(new SavedModelFile(String.format(Locale.ROOT, "models/repeat%d/%s.json",
                repeat.index() + 1, name), SavedModel.of(kind, m.network(), m.preprocessing(), m.baseline(),
                provenance)));
    }

    private static Design concat(List<Design> parts) {
        List<double[]> x = new ArrayList<>();
        List<Double> time = new ArrayList<>();
        List<Boolean> flag = new ArrayList<>();
        boolean survival = parts.get(0).outcome() instanceof Outcome.Survival;
        for (Design d : parts) {
            for (int i = 0; i < d.rows(); i++) {
                x.add(d.x()[i]);
                if (survival) {
                    time.add(d.survival().time()[i]);
                    flag.add(d.survival().event()[i]);
                } else {
                    flag.add(d.binary().label()[i]);
                }
            }
        }
        boolean[] f = new boolean[flag.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = flag.get(i);
        }
        Outcome o = survival ? new Outcome.Survival(time.stream().mapToDouble(Double::doubleValue).toArray(), f)
                : new Outcome.Binary(f);
        return new Design(parts.get(0).features(), x.toArray(new double[0][]), o);
    }

    static String format(double v) {
        return Double.isNaN(v) ? "undefined" : String.format(Locale.ROOT, "%.4f", v);
    }
}
