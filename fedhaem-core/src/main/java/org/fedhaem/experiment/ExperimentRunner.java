package org.fedhaem.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fedhaem.data.Design;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Outcome;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SiteColumns;
import org.fedhaem.data.Table;
import org.fedhaem.federation.FederatedRun;
import org.fedhaem.federation.ModelSetup;
import org.fedhaem.federation.RoundListener;
import org.fedhaem.federation.RoundLoop;
import org.fedhaem.federation.RoundRecord;
import org.fedhaem.federation.SiteEvaluation;
import org.fedhaem.federation.SiteRunner;
import org.fedhaem.metrics.MetricValue;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.FederatedBaseline;
import org.fedhaem.model.Network;
import org.fedhaem.model.SavedModel;
import org.fedhaem.random.Seeds;
import org.fedhaem.simulation.InMemoryFleet;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.Strategies;
import org.fedhaem.strategy.Strategy;

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
    private final Cohort cohort;
    private final Preprocessing spec;

    public ExperimentRunner(ExperimentConfig config, Listener listener) {
        this.config = config;
        this.listener = listener;
        this.cohort = new Cohort(config);
        ExperimentConfig.Data d = config.data();
        // A small site may lack a rare level entirely (a mutation no patient there has): centre it, do not fail.
        this.spec = new Preprocessing(d.impute(), d.scale(), true);
    }

    public ExperimentResult run(List<String> commandLine) {
        long start = System.nanoTime();
        List<MetricRow> metrics = new ArrayList<>();
        List<RoundRow> rounds = new ArrayList<>();
        List<SavedModelFile> models = new ArrayList<>();
        List<String> siteNames = List.of();
        for (int r = 0; r < config.repeats(); r++) {
            Map<ResultKey, List<Predictions>> parts = new LinkedHashMap<>();
            List<List<SiteData>> units = cohort.units(r);
            siteNames = units.get(0).stream().map(SiteData::name).toList();
            for (int u = 0; u < units.size(); u++) {
                long seed = Seeds.derive(config.repeatSeed(r), "unit", u);
                runUnit(r, u, units.size(), units.get(u), seed, parts, rounds, u == 0 ? models : null);
            }
            metrics.addAll(score(r, parts));
        }
        List<SummaryRow> summary = summarise(metrics);
        double wall = (System.nanoTime() - start) / 1e9;
        return new ExperimentResult(config, Provenance.collect(config.seed(), commandLine), siteNames, metrics,
                summary, rounds, models, wall);
    }

    private void runUnit(int r, int u, int unitCount, List<SiteData> sites, long seed,
                         Map<ResultKey, List<Predictions>> parts, List<RoundRow> rounds, List<SavedModelFile> models) {
        String where = unitCount > 1 ? String.format(Locale.ROOT, "repeat %d/%d fold %d/%d", r + 1, config.repeats(),
                u + 1, unitCount) : String.format(Locale.ROOT, "repeat %d/%d", r + 1, config.repeats());
        Schema schema = cohort.schema();
        List<SiteColumns> summaries = new ArrayList<>();
        for (SiteData s : sites) {
            summaries.add(SiteColumns.of(s.name(), spec, s.table(), schema, s.train()));
        }
        // Federated and centralized models share the preprocessing fitted from the sites' aggregates, which
        // equals the pooled fit (to rounding for mean and SD).
        FittedPreprocessing shared = spec.fitFromSummaries(schema, summaries);
        ModelSetup setup = setup(shared.features().size());
        Network initial = setup.newNetwork(Seeds.derive(seed, "init"));
        FitSettings base = new FitSettings(config.training().localEpochs(), config.training().batchSize(),
                config.training().lr(), 0, null);
        FitSettings budget = new FitSettings(config.training().localEpochs() * config.training().rounds(),
                config.training().batchSize(), config.training().lr(), 0, null);
        boolean exact = config.model().type() == ExperimentConfig.ModelType.COX;

        if (config.regimes().contains(ExperimentConfig.Regime.ISOLATED)) {
            for (int s = 0; s < sites.size(); s++) {
                SiteData site = sites.get(s);
                FittedPreprocessing own = spec.fit(site.table(), schema, site.train());
                ModelSetup ownSetup = setup(own.features().size());
                Network start = ownSetup.newNetwork(Seeds.derive(seed, "init"));
                TrainedModel m = trainAlone(where + " · isolated " + site.name(), ownSetup,
                        own.apply(site.table(), site.train()), own, start, budget, Seeds.derive(seed, "isolated", s),
                        exact);
                score(m, "isolated", null, site.name(), sites, parts);
                listener.message(where + " · isolated " + site.name() + " · " + headline(m, sites));
                keep(models, r, "isolated-" + site.name(), m);
            }
        }
        if (config.regimes().contains(ExperimentConfig.Regime.FEDERATED)) {
            federated(r, u, where, sites, shared, setup, initial, base, seed, parts, rounds, models);
        }
        if (config.regimes().contains(ExperimentConfig.Regime.CENTRALIZED)) {
            List<Design> designs = new ArrayList<>();
            for (SiteData s : sites) {
                designs.add(shared.apply(s.table(), s.train()));
            }
            Network start = setup.newNetwork(Seeds.derive(seed, "init"));
            TrainedModel m = trainAlone(where + " · centralized", setup, concat(designs), shared, start, budget,
                    Seeds.derive(seed, "centralized"), exact);
            score(m, "centralized", null, "all", sites, parts);
            listener.message(where + " · centralized · " + headline(m, sites));
            keep(models, r, "centralized", m);
        }
    }

    /** Trains without federation; a failure (an exact Cox fit without a finite estimate) names the model. */
    private static TrainedModel trainAlone(String label, ModelSetup setup, Design train, FittedPreprocessing prep,
                                           Network start, FitSettings budget, long seed, boolean exact) {
        try {
            return StandaloneTraining.train(setup, train, prep, start, budget, seed, exact);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
        }
    }

    private void federated(int r, int u, String where, List<SiteData> sites, FittedPreprocessing shared,
                           ModelSetup setup, Network initial, FitSettings base, long seed,
                           Map<ResultKey, List<Predictions>> parts, List<RoundRow> rounds,
                           List<SavedModelFile> models) {
        List<SiteRunner> runners = new ArrayList<>();
        List<Design> trains = new ArrayList<>();
        for (SiteData s : sites) {
            Design train = shared.apply(s.table(), s.train());
            Design test = s.test().length == 0 ? null : shared.apply(s.table(), s.test());
            trains.add(train);
            runners.add(new SiteRunner(s.name(), train, test, null, setup));
        }
        double[] global0 = initial.parameters().flatten();
        boolean[] trainable = initial.trainableMask();
        try (InMemoryFleet fleet = new InMemoryFleet(runners, config.training().threads())) {
            RoundLoop loop = new RoundLoop(fleet, new RoundLoop.Options(config.training().evalEvery(),
                    RoundLoop.DEFAULT_MAX_UPDATE_NORM, false));
            for (String name : config.strategies()) {
                Map<String, Object> options = new LinkedHashMap<>(config.options(name));
                if (name.equals("scaffold")) {
                    options.putIfAbsent("num_sites", sites.size());
                }
                Strategy strategy = Strategies.create(name, options, trainable);
                FederatedRun run = loop.run(strategy, global0, config.training().rounds(), base,
                        Seeds.derive(seed, "federated"), progress(r, u, where, name, rounds));
                Network n = setup.newNetwork(0);
                n.setParameters(initial.parameters().withFlat(run.finalGlobal()));
                TrainedModel m = new TrainedModel(n, shared, federatedBaseline(n, trains));
                score(m, "federated", name, "all", sites, parts);
                listener.message(where + " · federated " + name + " · " + headline(m, sites));
                keep(models, r, "federated-" + name, m);
            }
        }
    }

    /** The Breslow baseline on a coarse shared grid, from per-site bin sums (see docs/federated-statistics.md). */
    private static BaselineHazard federatedBaseline(Network n, List<Design> trains) {
        if (!(trains.get(0).outcome() instanceof Outcome.Survival)) {
            return null;
        }
        double[] maxTimes = new double[trains.size()];
        for (int s = 0; s < trains.size(); s++) {
            maxTimes[s] = FederatedBaseline.roundedMaxTime(trains.get(s).survival().time(), 1.0);
        }
        double[] grid = FederatedBaseline.equalGrid(maxTimes, BASELINE_BINS);
        List<int[]> counts = new ArrayList<>();
        for (Design d : trains) {
            counts.add(FederatedBaseline.eventCounts(d.survival().time(), d.survival().event(), grid));
        }
        grid = FederatedBaseline.coarsen(grid, counts, BASELINE_MIN_EVENTS);
        List<org.fedhaem.model.BinSums> sums = new ArrayList<>();
        for (Design d : trains) {
            sums.add(FederatedBaseline.site(d.survival().time(), d.survival().event(), n.predict(d.x()), grid));
        }
        return FederatedBaseline.hazard(grid, sums);
    }

    private RoundListener progress(int r, int u, String where, String strategy, List<RoundRow> rounds) {
        String metric = cohort.survival() ? "c_index" : "f1";
        return new RoundListener() {
            @Override
            public void roundFinished(RoundRecord record, int total) {
                int failures = record.failures().size();
                for (Map.Entry<String, SiteEvaluation> e : record.evaluations().entrySet()) {
                    rounds.add(row(r, u, strategy, record, e.getKey(), e.getValue(), metric, failures));
                }
                String pooled = "";
                if (record.pooled() != null) {
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
        int n = e instanceof SiteEvaluation.Survival s ? s.n() : ((SiteEvaluation.Binary) e).n();
        return new RoundRow(r + 1, u + 1, strategy, record.round(), site, metric, value(e), n,
                record.meanTrainLoss(), record.replied().size(), failures);
    }

    private static double value(SiteEvaluation e) {
        return e instanceof SiteEvaluation.Survival s ? s.c().value() : ((SiteEvaluation.Binary) e).f1().value();
    }

    private ModelSetup setup(int inputs) {
        ExperimentConfig.Model m = config.model();
        ExperimentConfig.Training t = config.training();
        return new ModelSetup(m.networkSpec(inputs),
                cohort.survival() ? ModelSetup.Task.SURVIVAL : ModelSetup.Task.BINARY, m.ties(),
                t.optimizer() == ExperimentConfig.OptimizerKind.ADAM ? ModelSetup.OptimizerKind.ADAM
                        : ModelSetup.OptimizerKind.SGD,
                t.momentum(), t.nesterov(), m.l2(), config.evaluation().threshold());
    }

    /** Scores a final model on every site's test set, their pooled counts, their union and the external set. */
    private void score(TrainedModel m, String regime, String strategy, String trainedOn, List<SiteData> sites,
                       Map<ResultKey, List<Predictions>> parts) {
        List<Predictions> bySite = new ArrayList<>();
        for (SiteData s : sites) {
            if (s.test().length == 0) {
                continue;
            }
            Predictions p = m.predict(s.table(), s.test());
            bySite.add(p);
            add(parts, new ResultKey(regime, strategy, trainedOn, s.name()), p);
            add(parts, new ResultKey(regime, strategy, trainedOn, "pooled"), p);
        }
        if (!bySite.isEmpty()) {
            add(parts, new ResultKey(regime, strategy, trainedOn, "union"), Predictions.concat(bySite));
        }
        Table external = cohort.external();
        if (external != null) {
            int[] all = new int[external.rows()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            add(parts, new ResultKey(regime, strategy, trainedOn, "external"), m.predict(external, all));
        }
    }

    private static void add(Map<ResultKey, List<Predictions>> parts, ResultKey key, Predictions p) {
        parts.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
    }

    /** The model's pooled main metric, for the progress line. */
    private String headline(TrainedModel m, List<SiteData> sites) {
        Map<ResultKey, List<Predictions>> parts = new LinkedHashMap<>();
        score(m, "x", null, "x", sites, parts);
        List<Predictions> pooled = parts.get(new ResultKey("x", null, "x", "pooled"));
        if (pooled == null) {
            return "no local test rows";
        }
        String metric = cohort.survival() ? "c_index" : "f1";
        MetricValue v = Scoring.pooled(pooled, config.evaluation().threshold()).get(metric);
        return "pooled " + (cohort.survival() ? "C " : "F1 ") + (v.isDefined() ? format(v.value()) : "undefined");
    }

    private List<MetricRow> score(int r, Map<ResultKey, List<Predictions>> parts) {
        List<MetricRow> rows = new ArrayList<>();
        double threshold = config.evaluation().threshold();
        for (Map.Entry<ResultKey, List<Predictions>> e : parts.entrySet()) {
            ResultKey k = e.getKey();
            Map<String, MetricValue> values = k.test().equals("pooled") ? Scoring.pooled(e.getValue(), threshold)
                    : Scoring.score(e.getValue(), grid(e.getValue()), threshold);
            for (Map.Entry<String, MetricValue> v : values.entrySet()) {
                rows.add(new MetricRow(r + 1, k.regime(), k.strategy(), k.trainedOn(), k.test(), v.getKey(),
                        v.getValue().value(), v.getValue().isDefined() ? null : v.getValue().undefinedReason()));
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

    private void keep(List<SavedModelFile> models, int r, String name, TrainedModel m) {
        if (models == null) {
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
        provenance.put("repeat", Integer.toString(r + 1));
        provenance.put("seed", Long.toString(config.repeatSeed(r)));
        models.add(new SavedModelFile(String.format(Locale.ROOT, "models/repeat%d/%s.json", r + 1, name),
                SavedModel.of(kind, m.network(), m.preprocessing(), m.baseline(), provenance)));
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
