package org.fedhaem.grpc;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fedhaem.data.ColumnSummary;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.RankQuery;
import org.fedhaem.data.SiteSummary;
import org.fedhaem.federation.EvaluateInstruction;
import org.fedhaem.federation.EvaluateReply;
import org.fedhaem.federation.Failure;
import org.fedhaem.federation.FitInstruction;
import org.fedhaem.federation.FitReply;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.SiteEvaluation;
import org.fedhaem.federation.StatisticsInstruction;
import org.fedhaem.federation.StatisticsReply;
import org.fedhaem.grpc.proto.NamedVector;
import org.fedhaem.grpc.proto.Nothing;
import org.fedhaem.grpc.proto.Vector;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.MetricValue;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.BinSums;
import org.fedhaem.model.Ties;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.SiteUpdate;

/**
 * The one place where federation records become protobuf messages and back. The site of a message is never read
 * from the wire: the coordinator knows it from the client certificate, the site from its registration; the round of
 * a reply is that of the instruction it answers. A malformed message gives an {@link IllegalArgumentException}
 * naming what is wrong (the record constructors validate the values).
 */
final class ProtoMapping {
    private static final Nothing NOTHING = Nothing.getDefaultInstance();

    private ProtoMapping() {
    }

    // ---- vectors

    static Vector vector(double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(values);
        return Vector.newBuilder().setLeDoubles(ByteString.copyFrom(buffer.array())).build();
    }

    static double[] doubles(Vector vector) {
        ByteString bytes = vector.getLeDoubles();
        if (bytes.size() % Double.BYTES != 0) {
            throw new IllegalArgumentException("a vector of " + bytes.size() + " bytes is not a whole number of "
                    + "8-byte doubles");
        }
        double[] values = new double[bytes.size() / Double.BYTES];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return values;
    }

    private static List<NamedVector> named(Map<String, double[]> vectors) {
        List<NamedVector> out = new ArrayList<>(vectors.size());
        new TreeMap<>(vectors).forEach((name, v) -> out.add(NamedVector.newBuilder().setName(name)
                .setValues(vector(v)).build()));
        return out;
    }

    private static Map<String, double[]> named(List<NamedVector> vectors) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (NamedVector v : vectors) {
            if (out.put(v.getName(), doubles(v.getValues())) != null) {
                throw new IllegalArgumentException("vector '" + v.getName() + "' appears twice");
            }
        }
        return out;
    }

    // ---- instructions

    static org.fedhaem.grpc.proto.Instruction instruction(Instruction in, long id) {
        var b = org.fedhaem.grpc.proto.Instruction.newBuilder().setId(id).setRound(in.round());
        if (in instanceof FitInstruction f) {
            FitSettings s = f.settings();
            b.setFit(org.fedhaem.grpc.proto.FitInstruction.newBuilder()
                    .setGlobal(vector(f.global()))
                    .setSettings(org.fedhaem.grpc.proto.FitSettings.newBuilder()
                            .setLocalEpochs(s.localEpochs()).setBatchSize(s.batchSize())
                            .setLearningRate(s.learningRate()).setProximalMu(s.proximalMu())
                            .addAllExtras(named(s.extras())))
                    .setSeed(f.seed()));
        } else if (in instanceof EvaluateInstruction e) {
            b.setEvaluate(org.fedhaem.grpc.proto.EvaluateInstruction.newBuilder().setGlobal(vector(e.global())));
        } else {
            b.setStatistics(question(((StatisticsInstruction) in).question()));
        }
        return b.build();
    }

    static Instruction instruction(org.fedhaem.grpc.proto.Instruction p, String site) {
        int round = p.getRound();
        switch (p.getKindCase()) {
            case FIT -> {
                var f = p.getFit();
                var s = f.getSettings();
                return new FitInstruction(round, site, doubles(f.getGlobal()), new FitSettings(s.getLocalEpochs(),
                        s.getBatchSize(), s.getLearningRate(), s.getProximalMu(), named(s.getExtrasList())),
                        f.getSeed());
            }
            case EVALUATE -> {
                return new EvaluateInstruction(round, site, doubles(p.getEvaluate().getGlobal()));
            }
            case STATISTICS -> {
                return new StatisticsInstruction(site, question(p.getStatistics()));
            }
            default -> throw new IllegalArgumentException("instruction " + p.getId() + " has no kind");
        }
    }

    private static org.fedhaem.grpc.proto.StatisticsInstruction question(StatisticsInstruction.Question q) {
        var b = org.fedhaem.grpc.proto.StatisticsInstruction.newBuilder();
        if (q instanceof StatisticsInstruction.Begin r) {
            b.setBeginRepeat(r.repeat()).setBeginUnit(r.unit());
        } else if (q instanceof StatisticsInstruction.Summarise) {
            b.setSummarise(NOTHING);
        } else if (q instanceof StatisticsInstruction.CountAtMost c) {
            var queries = org.fedhaem.grpc.proto.CountAtMost.newBuilder();
            for (RankQuery r : c.queries()) {
                queries.addQueries(org.fedhaem.grpc.proto.RankQuery.newBuilder().setColumn(r.column())
                        .setValue(r.value()));
            }
            b.setCountAtMost(queries);
        } else if (q instanceof StatisticsInstruction.Prepare p) {
            b.setPrepareJson(p.preprocessing().toJson());
        } else if (q instanceof StatisticsInstruction.MaxTimeRoundedTo m) {
            b.setMaxTimeRoundedTo(m.unit());
        } else if (q instanceof StatisticsInstruction.CountEvents c) {
            b.setCountEvents(vector(c.grid()));
        } else if (q instanceof StatisticsInstruction.TrainAlone) {
            b.setTrainAlone(NOTHING);
        } else if (q instanceof StatisticsInstruction.EvaluateModel e) {
            b.setEvaluateModel(org.fedhaem.grpc.proto.EvaluateModel.newBuilder().setParameters(vector(e.parameters()))
                    .setPreprocessingJson(e.preprocessing().toJson()));
        } else {
            var s = (StatisticsInstruction.SumRisks) q;
            b.setSumRisks(org.fedhaem.grpc.proto.SumRisks.newBuilder().setGrid(vector(s.grid()))
                    .setGlobal(vector(s.global())));
        }
        return b.build();
    }

    private static StatisticsInstruction.Question question(org.fedhaem.grpc.proto.StatisticsInstruction p) {
        return switch (p.getQuestionCase()) {
            case BEGIN_REPEAT -> new StatisticsInstruction.Begin(p.getBeginRepeat(), p.getBeginUnit());
            case SUMMARISE -> new StatisticsInstruction.Summarise();
            case COUNT_AT_MOST -> {
                List<RankQuery> queries = new ArrayList<>();
                for (var r : p.getCountAtMost().getQueriesList()) {
                    queries.add(new RankQuery(r.getColumn(), r.getValue()));
                }
                yield new StatisticsInstruction.CountAtMost(queries);
            }
            case PREPARE_JSON -> new StatisticsInstruction.Prepare(FittedPreprocessing.fromJson(p.getPrepareJson()));
            case MAX_TIME_ROUNDED_TO -> new StatisticsInstruction.MaxTimeRoundedTo(p.getMaxTimeRoundedTo());
            case COUNT_EVENTS -> new StatisticsInstruction.CountEvents(doubles(p.getCountEvents()));
            case SUM_RISKS -> new StatisticsInstruction.SumRisks(doubles(p.getSumRisks().getGrid()),
                    doubles(p.getSumRisks().getGlobal()));
            case TRAIN_ALONE -> new StatisticsInstruction.TrainAlone();
            case EVALUATE_MODEL -> new StatisticsInstruction.EvaluateModel(doubles(p.getEvaluateModel()
                    .getParameters()), FittedPreprocessing.fromJson(p.getEvaluateModel().getPreprocessingJson()));
            default -> throw new IllegalArgumentException("statistics instruction without a question");
        };
    }

    // ---- replies

    static org.fedhaem.grpc.proto.Reply reply(Reply reply) {
        var b = org.fedhaem.grpc.proto.Reply.newBuilder();
        if (reply instanceof FitReply f) {
            SiteUpdate u = f.update();
            b.setFit(org.fedhaem.grpc.proto.FitReply.newBuilder().setParameters(vector(u.parameters()))
                    .setExamples(u.examples()).setSteps(u.steps()).addAllExtras(named(u.extras()))
                    .setTrainLoss(f.trainLoss()));
        } else if (reply instanceof EvaluateReply e) {
            var r = org.fedhaem.grpc.proto.EvaluateReply.newBuilder().setEvaluation(evaluation(e.evaluation()));
            if (e.external() != null) {
                r.setExternal(evaluation(e.external()));
            }
            b.setEvaluate(r);
        } else if (reply instanceof StatisticsReply s) {
            b.setStatistics(answer(s.answer()));
        } else {
            b.setFailure(((Failure) reply).reason());
        }
        return b.build();
    }

    static Reply reply(org.fedhaem.grpc.proto.Reply p, int round, String site) {
        return switch (p.getKindCase()) {
            case FIT -> {
                var f = p.getFit();
                yield new FitReply(round, site, new SiteUpdate(site, doubles(f.getParameters()), f.getExamples(),
                        f.getSteps(), named(f.getExtrasList())), f.getTrainLoss());
            }
            case EVALUATE -> {
                var e = p.getEvaluate();
                yield new EvaluateReply(round, site, evaluation(e.getEvaluation()),
                        e.hasExternal() ? evaluation(e.getExternal()) : null);
            }
            case STATISTICS -> new StatisticsReply(site, answer(p.getStatistics()));
            case FAILURE -> new Failure(round, site, p.getFailure());
            default -> throw new IllegalArgumentException("reply without a kind");
        };
    }

    private static org.fedhaem.grpc.proto.SiteEvaluation evaluation(SiteEvaluation e) {
        var b = org.fedhaem.grpc.proto.SiteEvaluation.newBuilder().setN(e.n());
        if (e instanceof SiteEvaluation.Survival s) {
            Concordance c = s.concordance();
            b.setSurvival(org.fedhaem.grpc.proto.SurvivalEvaluation.newBuilder().setEvents(s.events())
                    .setConcordance(org.fedhaem.grpc.proto.Concordance.newBuilder().setConcordant(c.concordant())
                            .setDiscordant(c.discordant()).setTiedRisk(c.tiedRisk()).setTiedTime(c.tiedTime())
                            .setTiedBoth(c.tiedBoth())));
        } else {
            var bin = (SiteEvaluation.Binary) e;
            ConfusionMatrix m = bin.confusion();
            var auc = org.fedhaem.grpc.proto.MetricValue.newBuilder().setValue(bin.auc().value());
            if (!bin.auc().isDefined()) {
                auc.setUndefinedReason(bin.auc().undefinedReason());
            }
            b.setBinary(org.fedhaem.grpc.proto.BinaryEvaluation.newBuilder().setPositives(bin.positives())
                    .setConfusion(org.fedhaem.grpc.proto.ConfusionMatrix.newBuilder()
                            .setTruePositive(m.truePositive()).setFalsePositive(m.falsePositive())
                            .setTrueNegative(m.trueNegative()).setFalseNegative(m.falseNegative()))
                    .setAuc(auc));
        }
        return b.build();
    }

    private static SiteEvaluation evaluation(org.fedhaem.grpc.proto.SiteEvaluation p) {
        return switch (p.getKindCase()) {
            case SURVIVAL -> {
                var s = p.getSurvival();
                var c = s.getConcordance();
                yield new SiteEvaluation.Survival(p.getN(), s.getEvents(), new Concordance(c.getConcordant(),
                        c.getDiscordant(), c.getTiedRisk(), c.getTiedTime(), c.getTiedBoth()));
            }
            case BINARY -> {
                var b = p.getBinary();
                var m = b.getConfusion();
                var auc = b.getAuc();
                yield new SiteEvaluation.Binary(p.getN(), b.getPositives(), new ConfusionMatrix(m.getTruePositive(),
                        m.getFalsePositive(), m.getTrueNegative(), m.getFalseNegative()),
                        auc.getUndefinedReason().isEmpty() ? MetricValue.of(auc.getValue())
                                : MetricValue.undefined(auc.getUndefinedReason()));
            }
            default -> throw new IllegalArgumentException("evaluation without a kind");
        };
    }

    private static org.fedhaem.grpc.proto.StatisticsReply answer(StatisticsReply.Answer a) {
        var b = org.fedhaem.grpc.proto.StatisticsReply.newBuilder();
        if (a instanceof StatisticsReply.Summary s) {
            b.setSummary(summary(s.summary()));
        } else if (a instanceof StatisticsReply.Counts c) {
            b.setCounts(counts(c.counts()));
        } else if (a instanceof StatisticsReply.Ready) {
            b.setReady(NOTHING);
        } else if (a instanceof StatisticsReply.MaxTime m) {
            b.setMaxTime(m.value());
        } else if (a instanceof StatisticsReply.Model m) {
            var model = org.fedhaem.grpc.proto.IsolatedModel.newBuilder().setParameters(vector(m.parameters()))
                    .setPreprocessingJson(m.preprocessing().toJson());
            if (m.baseline() != null) {
                model.setBaseline(org.fedhaem.grpc.proto.BaselineHazard.newBuilder()
                        .setTimes(vector(m.baseline().times()))
                        .setCumulativeHazard(vector(m.baseline().cumulativeHazard()))
                        .setTies(m.baseline().ties().name()));
            }
            b.setModel(model);
        } else if (a instanceof StatisticsReply.Evaluation e) {
            b.setEvaluation(evaluation(e.evaluation()));
        } else {
            BinSums sums = ((StatisticsReply.Sums) a).sums();
            var s = org.fedhaem.grpc.proto.BinSums.newBuilder().setLogRiskSum(vector(sums.logRiskSum()));
            for (int d : sums.events()) {
                s.addEvents(d);
            }
            b.setSums(s);
        }
        return b.build();
    }

    private static StatisticsReply.Answer answer(org.fedhaem.grpc.proto.StatisticsReply p) {
        return switch (p.getAnswerCase()) {
            case SUMMARY -> new StatisticsReply.Summary(summary(p.getSummary()));
            case COUNTS -> new StatisticsReply.Counts(ints(p.getCounts().getCountsList()));
            case READY -> new StatisticsReply.Ready();
            case MAX_TIME -> new StatisticsReply.MaxTime(p.getMaxTime());
            case SUMS -> new StatisticsReply.Sums(new BinSums(ints(p.getSums().getEventsList()),
                    doubles(p.getSums().getLogRiskSum())));
            case MODEL -> {
                var m = p.getModel();
                yield new StatisticsReply.Model(doubles(m.getParameters()),
                        FittedPreprocessing.fromJson(m.getPreprocessingJson()),
                        m.hasBaseline() ? baseline(m.getBaseline()) : null);
            }
            case EVALUATION -> new StatisticsReply.Evaluation(evaluation(p.getEvaluation()));
            default -> throw new IllegalArgumentException("statistics reply without an answer");
        };
    }

    private static BaselineHazard baseline(org.fedhaem.grpc.proto.BaselineHazard p) {
        Ties ties;
        try {
            ties = Ties.valueOf(p.getTies());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ties method '" + p.getTies() + "'", e);
        }
        return new BaselineHazard(doubles(p.getTimes()), doubles(p.getCumulativeHazard()), ties);
    }

    private static org.fedhaem.grpc.proto.Counts counts(int[] counts) {
        var b = org.fedhaem.grpc.proto.Counts.newBuilder();
        for (int c : counts) {
            b.addCounts(c);
        }
        return b.build();
    }

    /** uint32 values back to ints; a value above Integer.MAX_VALUE arrives negative and the records reject it. */
    private static int[] ints(List<Integer> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static org.fedhaem.grpc.proto.SiteSummary summary(SiteSummary s) {
        var b = org.fedhaem.grpc.proto.SiteSummary.newBuilder().setMissing(s.missing().name()).setRows(s.rows())
                .setDropped(s.dropped()).setEvents(s.events());
        for (ColumnSummary c : s.columns()) {
            var col = org.fedhaem.grpc.proto.ColumnSummary.newBuilder().setName(c.name()).setCount(c.count())
                    .setMissing(c.missing());
            if (c instanceof ColumnSummary.Numeric n) {
                var num = org.fedhaem.grpc.proto.NumericSummary.newBuilder().setMean(n.mean()).setM2(n.m2())
                        .setMin(n.min()).setMax(n.max());
                n.valueCounts().forEach((v, k) -> num.addValues(v).addValueCounts(k));
                col.setNumeric(num);
            } else {
                var cat = org.fedhaem.grpc.proto.CategoricalSummary.newBuilder();
                ((ColumnSummary.Categorical) c).levelCounts().forEach((l, k) -> cat.addLevels(l).addLevelCounts(k));
                col.setCategorical(cat);
            }
            b.addColumns(col);
        }
        return b.build();
    }

    private static SiteSummary summary(org.fedhaem.grpc.proto.SiteSummary p) {
        List<ColumnSummary> columns = new ArrayList<>();
        for (var c : p.getColumnsList()) {
            switch (c.getKindCase()) {
                case NUMERIC -> {
                    var n = c.getNumeric();
                    if (n.getValuesCount() != n.getValueCountsCount()) {
                        throw new IllegalArgumentException("column " + c.getName() + ": " + n.getValuesCount()
                                + " values but " + n.getValueCountsCount() + " counts");
                    }
                    Map<Double, Integer> values = new LinkedHashMap<>();
                    for (int i = 0; i < n.getValuesCount(); i++) {
                        values.put(n.getValues(i), n.getValueCounts(i));
                    }
                    columns.add(new ColumnSummary.Numeric(c.getName(), c.getCount(), c.getMissing(), n.getMean(),
                            n.getM2(), n.getMin(), n.getMax(), values));
                }
                case CATEGORICAL -> {
                    var k = c.getCategorical();
                    if (k.getLevelsCount() != k.getLevelCountsCount()) {
                        throw new IllegalArgumentException("column " + c.getName() + ": " + k.getLevelsCount()
                                + " levels but " + k.getLevelCountsCount() + " counts");
                    }
                    Map<String, Integer> levels = new LinkedHashMap<>();
                    for (int i = 0; i < k.getLevelsCount(); i++) {
                        levels.put(k.getLevels(i), k.getLevelCounts(i));
                    }
                    columns.add(new ColumnSummary.Categorical(c.getName(), c.getCount(), c.getMissing(), levels));
                }
                default -> throw new IllegalArgumentException("column " + c.getName() + " without a kind");
            }
        }
        Preprocessing.Missing missing;
        try {
            missing = Preprocessing.Missing.valueOf(p.getMissing());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown missing-value policy '" + p.getMissing() + "'", e);
        }
        return new SiteSummary(missing, p.getRows(), p.getDropped(), p.getEvents(), columns);
    }
}
