package org.fedhaem.federation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fedhaem.random.Seeds;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.SiteUpdate;
import org.fedhaem.strategy.Strategy;
import org.fedhaem.strategy.StrategyState;

/**
 * The coordinator's round loop, independent of how messages travel ({@link Fleet}). Each round: select sites with
 * {@code Seeds.random(root, "select", round)}, configure each selected site, send fit instructions with seeds
 * {@code Seeds.derive(root, "fit", siteIndex, round)} (siteIndex = position in {@link Fleet#sites()}), validate the
 * replies, aggregate the valid updates in site order when there are at least {@link Strategy#minReplies} of them
 * (else keep the global model and record the round as failed), then, every {@code evalEvery} rounds and at the last
 * round, evaluate the new global model at every site.
 *
 * <p>A fit reply is rejected, as a failure with its reason, when it is for another round or site, when its
 * parameter vector has another length than the global one or holds NaN or infinite values, when it reports no
 * training examples, when an extra vector (e.g. SCAFFOLD's control_delta) is not parameter-shaped and finite, or
 * when the L2 norm of (update - global) exceeds {@code maxUpdateNorm}. The default bound,
 * {@value #DEFAULT_MAX_UPDATE_NORM}, only catches corrupt or diverged updates (a standardised-feature model moves
 * by a few units per round); set it lower to defend against implausible updates.
 */
public final class RoundLoop {
    public static final double DEFAULT_MAX_UPDATE_NORM = 1e6;

    private static final System.Logger LOG = System.getLogger(RoundLoop.class.getName());

    private final Fleet fleet;
    private final Options options;

    /**
     * @param evalEvery evaluate after every {@code evalEvery}-th round (and always after the last)
     * @param maxUpdateNorm the largest accepted L2 norm of a site's update minus the global model
     */
    public record Options(int evalEvery, double maxUpdateNorm) {
        public Options {
            if (evalEvery < 1) {
                throw new IllegalArgumentException("evalEvery must be >= 1, got " + evalEvery);
            }
            if (!(maxUpdateNorm > 0)) {
                throw new IllegalArgumentException("maxUpdateNorm must be > 0, got " + maxUpdateNorm);
            }
        }

        /** Evaluate every round, norm bound {@value RoundLoop#DEFAULT_MAX_UPDATE_NORM}. */
        public static Options defaults() {
            return new Options(1, DEFAULT_MAX_UPDATE_NORM);
        }
    }

    /** The state after one round. */
    public record Step(double[] global, StrategyState state, RoundRecord record) {
        public Step {
            global = Messages.finiteCopy("global", global);
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(record, "record");
        }

        @Override
        public double[] global() {
            return global.clone();
        }
    }

    public RoundLoop(Fleet fleet, Options options) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Runs rounds 1..{@code rounds} from {@code initialGlobal} and the strategy's initial state. */
    public FederatedRun run(Strategy strategy, double[] initialGlobal, int rounds, FitSettings base, long rootSeed,
                            RoundListener listener) {
        if (rounds < 0) {
            throw new IllegalArgumentException("rounds must be >= 0, got " + rounds);
        }
        double[] global = Messages.finiteCopy("initialGlobal", initialGlobal);
        StrategyState state = strategy.initialState(global);
        List<RoundRecord> records = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Step step = round(strategy, round, rounds, global, state, base, rootSeed, listener);
            global = step.global();
            state = step.state();
            records.add(step.record());
        }
        return new FederatedRun(global, state, new History(records));
    }

    /**
     * One round from {@code global} and {@code state}, so a coordinator can checkpoint between rounds and resume:
     * the result depends only on the arguments and the sites' replies.
     */
    public Step round(Strategy strategy, int round, int rounds, double[] global, StrategyState state,
                      FitSettings base, long rootSeed, RoundListener listener) {
        if (round < 1 || round > rounds) {
            throw new IllegalArgumentException("round must be in 1.." + rounds + ", got " + round);
        }
        RoundListener progress = listener == null ? RoundListener.NONE : listener;
        List<String> sites = fleet.sites();
        List<String> selected = inSiteOrder(sites,
                strategy.select(sites, round, Seeds.random(rootSeed, "select", round)));
        progress.roundStarted(round, rounds, selected);

        List<FitInstruction> fits = new ArrayList<>(selected.size());
        for (String site : selected) {
            FitSettings settings = strategy.configure(site, round, base, state);
            fits.add(new FitInstruction(round, site, global, settings,
                    Seeds.derive(rootSeed, "fit", sites.indexOf(site), round)));
        }
        List<Reply> replies = send(fits);
        List<SiteFailure> failures = new ArrayList<>();
        List<SiteUpdate> updates = new ArrayList<>();
        List<String> replied = new ArrayList<>();
        double lossSum = 0;
        double lossWeight = 0;
        for (int i = 0; i < fits.size(); i++) {
            FitInstruction sent = fits.get(i);
            Reply reply = replies.get(i);
            String problem = problem(sent, reply, global);
            if (problem != null) {
                LOG.log(System.Logger.Level.WARNING, "round {0}: fit at site {1} failed: {2}", round, sent.site(),
                        problem);
                failures.add(new SiteFailure(sent.site(), SiteFailure.Phase.FIT, problem));
                continue;
            }
            FitReply fit = (FitReply) reply;
            SiteUpdate update = fit.update();
            updates.add(update);
            replied.add(sent.site());
            if (Double.isFinite(fit.trainLoss())) {
                lossSum += fit.trainLoss() * update.examples();
                lossWeight += update.examples();
            }
        }

        double[] next = global;
        StrategyState nextState = state;
        String failedReason = null;
        int needed = strategy.minReplies(selected.size());
        if (updates.isEmpty() || updates.size() < needed) {
            failedReason = updates.size() + " valid update(s) of " + selected.size() + " selected site(s), "
                    + Math.max(needed, 1) + " needed; kept the global model";
        } else {
            Strategy.Aggregation aggregation = strategy.aggregate(round, global, updates, state);
            double[] candidate = aggregation.global();
            int bad = candidate.length != global.length ? 0 : Messages.firstNonFinite(candidate);
            if (candidate.length != global.length || bad >= 0) {
                failedReason = "strategy " + strategy.name() + " gave " + (candidate.length != global.length
                        ? candidate.length + " values for " + global.length + " parameters"
                        : "a non-finite value at " + bad) + "; kept the global model";
            } else {
                next = candidate;
                nextState = aggregation.state();
            }
        }
        if (failedReason != null) {
            LOG.log(System.Logger.Level.WARNING, "round {0} failed: {1}", round, failedReason);
        }

        Map<String, SiteEvaluation> evaluations = new LinkedHashMap<>();
        Map<String, SiteEvaluation> externals = new LinkedHashMap<>();
        if (round % options.evalEvery() == 0 || round == rounds) {
            evaluate(round, next, sites, evaluations, externals, failures);
        }
        RoundRecord record = new RoundRecord(round, selected, replied, failures, failedReason,
                lossWeight > 0 ? lossSum / lossWeight : Double.NaN, evaluations, pool(evaluations), externals,
                pool(externals));
        progress.roundFinished(record, rounds);
        return new Step(next, nextState, record);
    }

    private void evaluate(int round, double[] global, List<String> sites, Map<String, SiteEvaluation> evaluations,
                          Map<String, SiteEvaluation> externals, List<SiteFailure> failures) {
        List<EvaluateInstruction> instructions = new ArrayList<>(sites.size());
        for (String site : sites) {
            instructions.add(new EvaluateInstruction(round, site, global));
        }
        List<Reply> replies = send(instructions);
        for (int i = 0; i < instructions.size(); i++) {
            String site = instructions.get(i).site();
            Reply reply = replies.get(i);
            String problem;
            if (reply instanceof EvaluateReply e && e.round() == round && e.site().equals(site)) {
                evaluations.put(site, e.evaluation());
                if (e.external() != null) {
                    externals.put(site, e.external());
                }
                continue;
            } else if (reply instanceof Failure f) {
                problem = f.reason();
            } else {
                problem = "expected the evaluation of round " + round + " by site " + site + ", got " + reply;
            }
            LOG.log(System.Logger.Level.WARNING, "round {0}: evaluation at site {1} failed: {2}", round, site,
                    problem);
            failures.add(new SiteFailure(site, SiteFailure.Phase.EVALUATE, problem));
        }
    }

    private static SiteEvaluation pool(Map<String, SiteEvaluation> evaluations) {
        return evaluations.isEmpty() ? null : SiteEvaluation.pool(new ArrayList<>(evaluations.values()));
    }

    private List<Reply> send(List<? extends Instruction> instructions) {
        if (instructions.isEmpty()) {
            return List.of();
        }
        List<Reply> replies = fleet.send(instructions);
        if (replies.size() != instructions.size()) {
            throw new IllegalStateException("the fleet answered " + instructions.size() + " instructions with "
                    + replies.size() + " replies");
        }
        return replies;
    }

    /** Why {@code reply} cannot enter the aggregate, or null when it can. */
    private String problem(FitInstruction sent, Reply reply, double[] global) {
        if (reply instanceof Failure f) {
            return f.reason();
        }
        if (!(reply instanceof FitReply fit)) {
            return "expected a fit reply, got " + reply;
        }
        if (fit.round() != sent.round() || !fit.site().equals(sent.site())) {
            return "reply is for round " + fit.round() + " of site " + fit.site() + ", expected round "
                    + sent.round() + " of site " + sent.site();
        }
        SiteUpdate update = fit.update();
        double[] p = update.parameters();
        if (p.length != global.length) {
            return "update has " + p.length + " values, the global model " + global.length;
        }
        int bad = Messages.firstNonFinite(p);
        if (bad >= 0) {
            return "update value " + bad + " is not finite: " + p[bad];
        }
        if (update.examples() == 0) {
            return "update reports no training examples";
        }
        for (Map.Entry<String, double[]> e : update.extras().entrySet()) {
            double[] v = e.getValue();
            if (v.length != global.length) {
                return "extra " + e.getKey() + " has " + v.length + " values, the global model " + global.length;
            }
            int badExtra = Messages.firstNonFinite(v);
            if (badExtra >= 0) {
                return "extra " + e.getKey() + " value " + badExtra + " is not finite: " + v[badExtra];
            }
        }
        double sum = 0;
        for (int j = 0; j < p.length; j++) {
            double d = p[j] - global[j];
            sum += d * d;
        }
        double norm = Math.sqrt(sum);
        if (!(norm <= options.maxUpdateNorm())) {
            return "update norm |update - global| = " + norm + " exceeds " + options.maxUpdateNorm();
        }
        return null;
    }

    private static List<String> inSiteOrder(List<String> sites, List<String> chosen) {
        Set<String> set = new HashSet<>(chosen);
        for (String s : chosen) {
            if (!sites.contains(s)) {
                throw new IllegalStateException("the strategy selected " + s + ", not a site of " + sites);
            }
        }
        List<String> ordered = new ArrayList<>(set.size());
        for (String s : sites) {
            if (set.contains(s)) {
                ordered.add(s);
            }
        }
        return ordered;
    }
}
