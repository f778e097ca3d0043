package org.fedhaem.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.RankQuery;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SiteStatistics;
import org.fedhaem.data.SiteSummary;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.BinSums;
import org.fedhaem.model.FederatedBaseline;

/**
 * The coordinator's side of the federated statistics, through a {@link Fleet} only: the preprocessing before
 * training and the baseline hazard after it (docs/federated-statistics.md). Sites are asked, and their answers
 * merged, in fleet order, so a simulation and a deployment give the same result to the bit. A site that fails (a
 * {@link Failure}) or answers with the wrong kind of reply stops the setup with an {@link IllegalStateException}
 * naming the site and its reason.
 */
public final class FederatedSetup {
    private FederatedSetup() {
    }

    /**
     * Tells every site that evaluation unit {@code unit} (a cross-validation fold; 0 for a hold-out split) of repeat
     * {@code repeat} begins (both 0-based): each draws that unit's training and test rows from its own data
     * ({@link StatisticsInstruction.Begin}).
     */
    public static void begin(Fleet fleet, int repeat, int unit) {
        ask(fleet, fleet.sites(), s -> new StatisticsInstruction.Begin(repeat, unit), StatisticsReply.Ready.class,
                "begin repeat " + (repeat + 1) + (unit == 0 ? "" : " unit " + (unit + 1)));
    }

    /**
     * Fits {@code spec} from the sites' summaries and rank counts ({@link Preprocessing#fitFromSummaries}), then
     * sends the fitted preprocessing to every site, which builds its designs; returns what it sent.
     */
    public static FittedPreprocessing preprocessing(Fleet fleet, Preprocessing spec, Schema schema) {
        return prepare(fleet, spec, schema).preprocessing();
    }

    /** The fitted preprocessing and the sites' summaries it was fitted from (in site order). */
    public record Prepared(FittedPreprocessing preprocessing, List<SiteSummary> summaries) {
        public Prepared {
            summaries = List.copyOf(summaries);
        }
    }

    /** {@link #preprocessing}, also returning the summaries the sites sent (no further message). */
    public static Prepared prepare(Fleet fleet, Preprocessing spec, Schema schema) {
        List<String> sites = fleet.sites();
        List<StatisticsReply.Summary> summaries = ask(fleet, sites, s -> new StatisticsInstruction.Summarise(),
                StatisticsReply.Summary.class, "summarise its training rows");
        RankRound ranks = new RankRound(fleet, sites);
        List<SiteStatistics> proxies = new ArrayList<>(sites.size());
        for (int i = 0; i < sites.size(); i++) {
            proxies.add(new RemoteStatistics(sites.get(i), summaries.get(i).summary(), ranks, i));
        }
        FittedPreprocessing fitted = spec.fitFromSummaries(schema, proxies);
        ask(fleet, sites, s -> new StatisticsInstruction.Prepare(fitted), StatisticsReply.Ready.class,
                "apply the fitted preprocessing");
        List<SiteSummary> sent = new ArrayList<>(sites.size());
        for (StatisticsReply.Summary s : summaries) {
            sent.add(s.summary());
        }
        return new Prepared(fitted, sent);
    }

    /**
     * The federated Breslow baseline hazard of the {@code global} model (flat parameters) in three exchanges:
     * rounded largest follow-up times ({@code unit}), event counts on {@code bins} equal candidate bins, then
     * bin sums on the grid coarsened to at least {@code minEvents} events per bin ({@link FederatedBaseline}).
     */
    public static BaselineHazard baseline(Fleet fleet, double[] global, double unit, int bins, int minEvents) {
        List<String> sites = fleet.sites();
        List<StatisticsReply.MaxTime> maxTimes = ask(fleet, sites,
                s -> new StatisticsInstruction.MaxTimeRoundedTo(unit), StatisticsReply.MaxTime.class,
                "send its largest follow-up time");
        double[] max = new double[maxTimes.size()];
        for (int i = 0; i < max.length; i++) {
            max[i] = maxTimes.get(i).value();
        }
        double[] candidate = FederatedBaseline.equalGrid(max, bins);
        List<int[]> counts = new ArrayList<>(sites.size());
        for (StatisticsReply.Counts c : ask(fleet, sites, s -> new StatisticsInstruction.CountEvents(candidate),
                StatisticsReply.Counts.class, "count its events per bin")) {
            counts.add(c.counts());
        }
        double[] grid = FederatedBaseline.coarsen(candidate, counts, minEvents);
        StatisticsInstruction.SumRisks sumRisks = new StatisticsInstruction.SumRisks(grid, global);
        List<BinSums> sums = new ArrayList<>(sites.size());
        for (StatisticsReply.Sums s : ask(fleet, sites, s -> sumRisks, StatisticsReply.Sums.class,
                "sum its risk sets per bin")) {
            sums.add(s.sums());
        }
        return FederatedBaseline.hazard(grid, sums);
    }

    /** Sends one question to each of {@code sites} at once and returns their answers in the same order. */
    private static <A extends StatisticsReply.Answer> List<A> ask(Fleet fleet, List<String> sites,
            Function<String, StatisticsInstruction.Question> question, Class<A> expected, String what) {
        List<StatisticsInstruction> instructions = new ArrayList<>(sites.size());
        for (String site : sites) {
            instructions.add(new StatisticsInstruction(site, question.apply(site)));
        }
        List<Reply> replies = fleet.send(instructions);
        if (replies.size() != instructions.size()) {
            throw new IllegalStateException("the fleet answered " + instructions.size() + " instructions with "
                    + replies.size() + " replies");
        }
        List<A> answers = new ArrayList<>(sites.size());
        for (int i = 0; i < sites.size(); i++) {
            String site = sites.get(i);
            Reply reply = replies.get(i);
            if (reply instanceof StatisticsReply r && r.site().equals(site) && expected.isInstance(r.answer())) {
                answers.add(expected.cast(r.answer()));
            } else if (reply instanceof Failure f) {
                throw new IllegalStateException("site " + site + " could not " + what + ": " + f.reason());
            } else {
                throw new IllegalStateException("site " + site + " was asked to " + what + " and answered " + reply);
            }
        }
        return answers;
    }

    /**
     * The rank queries of one bisection round, sent to all sites in one exchange: {@link Preprocessing
     * #fitFromSummaries} asks every site the same queries in turn, so the first site's question sends them to all
     * and the others read their answers; any other question is sent on its own.
     */
    private static final class RankRound {
        private final Fleet fleet;
        private final List<String> sites;
        private List<RankQuery> queries;
        private List<StatisticsReply.Counts> answers;

        RankRound(Fleet fleet, List<String> sites) {
            this.fleet = fleet;
            this.sites = sites;
        }

        int[] countAtMost(int site, List<RankQuery> asked) {
            if (!asked.equals(queries)) {
                StatisticsInstruction.CountAtMost question = new StatisticsInstruction.CountAtMost(asked);
                answers = ask(fleet, sites, s -> question, StatisticsReply.Counts.class,
                        "answer rank queries");
                queries = question.queries();
            }
            return answers.get(site).counts();
        }
    }

    /** A site's statistics as the fitter sees them: its summary, sent once, and its rank counts on demand. */
    private record RemoteStatistics(String site, SiteSummary summary, RankRound ranks, int index)
            implements SiteStatistics {
        @Override
        public int[] countAtMost(List<RankQuery> queries) {
            return ranks.countAtMost(index, queries);
        }
    }
}
