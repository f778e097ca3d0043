package org.fedhaem.strategy;

import java.util.List;
import java.util.Map;

/**
 * Builds strategies by name from an experiment's {@code [strategy.<name>]} table.
 *
 * <p>Options every strategy reads: {@code fraction_fit} (1.0), {@code min_fit_sites} (2),
 * {@code min_available_sites} (2), {@code min_replies} (default {@code min(selected, min_fit_sites)}), and
 * optional overrides of the experiment's local training, {@code local_epochs}, {@code batch_size}, {@code lr}.
 * Per strategy (Flower's defaults unless said otherwise):
 * <ul>
 * <li>{@code fedavg}: example-weighted mean.</li>
 * <li>{@code fedavgm}: {@code server_learning_rate} 1.0, {@code server_momentum} 0.0.</li>
 * <li>{@code fedprox}: FedAvg aggregation; {@code mu} 0.1 sent to sites as the proximal weight (Flower has no
 * default).</li>
 * <li>{@code fednova}: normalised averaging by each site's optimizer steps.</li>
 * <li>{@code scaffold}: {@code server_learning_rate} 1.0, {@code num_sites} (default: the number of replies).</li>
 * <li>{@code fedadagrad}: {@code eta} 0.1, {@code tau} 1e-9; {@code fedadam}: {@code eta} 0.1, {@code beta_1} 0.9,
 * {@code beta_2} 0.99, {@code tau} 1e-9; {@code fedyogi}: {@code eta} 0.01, {@code beta_1} 0.9, {@code beta_2}
 * 0.99, {@code tau} 1e-3. {@code eta_l}, when set, is the sites' learning rate (Flower stores it but never sends
 * it, so by default the experiment's {@code lr} is used).</li>
 * <li>{@code fedmedian}: coordinate-wise median; {@code fedtrimmedavg}: {@code beta} 0.2 (both unweighted).</li>
 * <li>{@code krum}: {@code num_malicious} 0; {@code multikrum}: {@code num_malicious} 0, {@code num_to_keep}
 * (default: replies minus {@code num_malicious}, at least 1; capped at the number of replies), example-weighted
 * mean of the kept.</li>
 * </ul>
 * Whatever the strategy, entries whose {@code trainable} flag is false (batch-norm running statistics) become the
 * example-weighted mean of the sites' values, so no server optimizer or robust rule ever acts on them.
 */
public final class Strategies {
    /** Every strategy name {@link #create} knows. */
    public static final List<String> NAMES = List.of("fedavg", "fedavgm", "fedprox", "fednova", "scaffold",
            "fedadagrad", "fedadam", "fedyogi", "fedmedian", "fedtrimmedavg", "krum", "multikrum");

    private Strategies() {
    }

    /**
     * The strategy {@code name} with {@code options} (may be null or empty) for a model whose flat parameters have
     * the trainable mask {@code trainable}.
     *
     * @throws IllegalArgumentException for an unknown name, an unknown option key or a bad value, naming it
     */
    public static Strategy create(String name, Map<String, Object> options, boolean[] trainable) {
        if (trainable == null || trainable.length == 0) {
            throw new IllegalArgumentException("the trainable mask must have one entry per parameter, got "
                    + (trainable == null ? "null" : "length 0"));
        }
        return build(name, new Options(checkName(name), options), trainable);
    }

    /** Every option of strategy {@code name} in effect for {@code options}, defaults filled in, for the record. */
    public static Map<String, Object> resolvedOptions(String name, Map<String, Object> options) {
        Options o = new Options(checkName(name), options);
        build(name, o, new boolean[] {true});
        return o.resolved();
    }

    private static String checkName(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown strategy '" + name + "'; known: " + String.join(", ", NAMES));
        }
        return name;
    }

    private static Strategy build(String name, Options o, boolean[] trainable) {
        Sampling sampling = Sampling.read(o);
        Aggregator weighted = (g, v, w, u) -> Aggregate.weightedMean(v, w);
        Strategy s = switch (name) {
            case "fedavg" -> new ComposedStrategy(name, sampling, LocalTraining.read(o, null, Double.NaN), weighted,
                    ServerStep.NONE, trainable);
            case "fedavgm" -> new ComposedStrategy(name, sampling, LocalTraining.read(o, null, Double.NaN), weighted,
                    new MomentumStep(o.real("server_learning_rate", 1.0, 0, false, Double.POSITIVE_INFINITY, false),
                            o.real("server_momentum", 0.0, 0, true, 1, false)), trainable);
            case "fedprox" -> new ComposedStrategy(name, sampling,
                    LocalTraining.read(o, null, o.real("mu", 0.1, 0, true, Double.POSITIVE_INFINITY, false)),
                    weighted, ServerStep.NONE, trainable);
            case "fednova" -> new ComposedStrategy(name, sampling, LocalTraining.read(o, null, Double.NaN),
                    (g, v, w, u) -> Aggregate.normalizedAverage(g, v, w, steps(u)), ServerStep.NONE, trainable);
            case "scaffold" -> new ComposedStrategy(name, sampling, LocalTraining.read(o, null, Double.NaN),
                    (g, v, w, u) -> Aggregate.mean(v),
                    new ScaffoldStep(o.real("server_learning_rate", 1.0, 0, false, Double.POSITIVE_INFINITY, false),
                            o.optionalInteger("num_sites", 1)), trainable);
            case "fedadagrad" -> adaptive(name, o, sampling, AdaptiveStep.Kind.ADAGRAD, 1e-1, 1e-9, trainable);
            case "fedadam" -> adaptive(name, o, sampling, AdaptiveStep.Kind.ADAM, 1e-1, 1e-9, trainable);
            case "fedyogi" -> adaptive(name, o, sampling, AdaptiveStep.Kind.YOGI, 1e-2, 1e-3, trainable);
            case "fedmedian" -> new ComposedStrategy(name, sampling, LocalTraining.read(o, null, Double.NaN),
                    (g, v, w, u) -> Aggregate.median(v), ServerStep.NONE, trainable);
            case "fedtrimmedavg" -> {
                double beta = o.real("beta", 0.2, 0, true, 0.5, false);
                yield new ComposedStrategy(name, sampling, LocalTraining.read(o, null, Double.NaN),
                        (g, v, w, u) -> Aggregate.trimmedMean(v, beta), ServerStep.NONE, trainable);
            }
            case "krum" -> {
                int f = o.integer("num_malicious", 0, 0);
                yield new ComposedStrategy(name, sampling, LocalTraining.read(o, null, Double.NaN),
                        (g, v, w, u) -> Aggregate.krum(v, f), ServerStep.NONE, trainable);
            }
            case "multikrum" -> {
                int f = o.integer("num_malicious", 0, 0);
                int keep = o.optionalInteger("num_to_keep", 1);
                yield new ComposedStrategy(name, sampling, LocalTraining.read(o, null, Double.NaN),
                        (g, v, w, u) -> Aggregate.multiKrum(v, w, f,
                                keep > 0 ? Math.min(keep, v.length) : Math.max(1, v.length - f)),
                        ServerStep.NONE, trainable);
            }
            default -> throw new IllegalStateException("strategy " + name + " is listed but not built");
        };
        o.finish();
        return s;
    }

    private static Strategy adaptive(String name, Options o, Sampling sampling, AdaptiveStep.Kind kind,
                                     double eta, double tau, boolean[] trainable) {
        double e = o.real("eta", eta, 0, false, Double.POSITIVE_INFINITY, false);
        double b1 = kind == AdaptiveStep.Kind.ADAGRAD ? 0 : o.real("beta_1", 0.9, 0, true, 1, false);
        double b2 = kind == AdaptiveStep.Kind.ADAGRAD ? 0 : o.real("beta_2", 0.99, 0, true, 1, false);
        double t = o.real("tau", tau, 0, false, Double.POSITIVE_INFINITY, false);
        return new ComposedStrategy(name, sampling, LocalTraining.read(o, "eta_l", Double.NaN),
                (g, v, w, u) -> Aggregate.weightedMean(v, w), new AdaptiveStep(kind, e, b1, b2, t), trainable);
    }

    private static int[] steps(List<SiteUpdate> updates) {
        int[] steps = new int[updates.size()];
        for (int i = 0; i < steps.length; i++) {
            SiteUpdate u = updates.get(i);
            if (u.steps() < 1) {
                throw new IllegalArgumentException("site " + u.site() + " took " + u.steps()
                        + " optimizer steps; FedNova needs >= 1");
            }
            steps[i] = u.steps();
        }
        return steps;
    }
}
