package org.fedhaem.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import org.fedhaem.data.ColumnSummary;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.RankQuery;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SiteColumns;
import org.fedhaem.data.SiteSummary;
import org.fedhaem.data.SyntheticMds;
import org.fedhaem.data.Table;
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
import org.fedhaem.grpc.proto.Vector;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.ConfusionMatrix;
import org.fedhaem.metrics.MetricValue;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.BinSums;
import org.fedhaem.model.Ties;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.SiteUpdate;
import org.junit.jupiter.api.Test;

/**
 * Every message kind through its protobuf form and back, serialised to bytes and parsed again as on the wire: the
 * result equals the original, doubles bit for bit (-0.0, subnormals, extremes, infinities where allowed).
 */
class ProtoMappingTest {
    private static final double[] AWKWARD = {-0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-310, Math.PI,
            0.1 + 0.2, -1.5};

    private static Instruction viaWire(Instruction in) throws Exception {
        var p = ProtoMapping.instruction(in, 77);
        var parsed = org.fedhaem.grpc.proto.Instruction.parseFrom(p.toByteArray());
        assertThat(parsed.getId()).isEqualTo(77);
        return ProtoMapping.instruction(parsed, in.site());
    }

    private static Reply viaWire(Reply r) throws Exception {
        var parsed = org.fedhaem.grpc.proto.Reply.parseFrom(ProtoMapping.reply(r).toByteArray());
        return ProtoMapping.reply(parsed, r.round(), r.site());
    }

    @Test
    void fitInstructionRoundTripsBitwise() throws Exception {
        FitInstruction plain = new FitInstruction(3, "site1", AWKWARD, new FitSettings(2, 32, 0.01, 0.0, null),
                Long.MIN_VALUE + 5);
        assertThat(viaWire(plain)).isEqualTo(plain);
        assertThat(Double.doubleToRawLongBits(((FitInstruction) viaWire(plain)).global()[0]))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        // FitSettings compares its extras map by array identity, so compare the vectors themselves.
        FitInstruction scaffold = new FitInstruction(4, "site2", AWKWARD, new FitSettings(1, 8, 0.5, 0.25,
                Map.of("control", new double[] {-0.0, 2.5}, "b", new double[0])), -1);
        FitInstruction back = (FitInstruction) viaWire(scaffold);
        assertThat(back.settings().withExtras(null)).isEqualTo(scaffold.settings().withExtras(null));
        assertThat(back.settings().extras()).containsOnlyKeys("control", "b");
        assertThat(back.settings().extras().get("control")).isEqualTo(new double[] {-0.0, 2.5});
        assertThat(back.settings().extras().get("b")).isEmpty();
        assertThat(new FitInstruction(back.round(), back.site(), back.global(), scaffold.settings(), back.seed()))
                .isEqualTo(scaffold);
    }

    @Test
    void evaluateInstructionRoundTrips() throws Exception {
        EvaluateInstruction e = new EvaluateInstruction(0, "site3", AWKWARD);
        assertThat(viaWire(e)).isEqualTo(e);
        EvaluateInstruction empty = new EvaluateInstruction(9, "site3", new double[0]);
        assertThat(viaWire(empty)).isEqualTo(empty);
    }

    @Test
    void everyStatisticsQuestionRoundTrips() throws Exception {
        Schema schema = Schema.survival("time", "event");
        Table table = SyntheticMds.table(120, 3, true);
        Preprocessing spec = new Preprocessing(Preprocessing.Missing.MEDIAN, Preprocessing.Scaling.STANDARD, true);
        int[] rows = new int[120];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        FittedPreprocessing fitted = spec.fitFromSummaries(schema, List.of(SiteColumns.of("s", spec, table, schema,
                rows)));
        List<StatisticsInstruction.Question> questions = List.of(new StatisticsInstruction.Begin(3, 0),
                new StatisticsInstruction.Begin(0, 5),
                new StatisticsInstruction.Summarise(),
                new StatisticsInstruction.CountAtMost(List.of(new RankQuery("age", -0.0), new RankQuery("hb", 1e-300))),
                new StatisticsInstruction.Prepare(fitted), new StatisticsInstruction.MaxTimeRoundedTo(0.1),
                new StatisticsInstruction.CountEvents(new double[] {0, 0.5, 1e9}),
                new StatisticsInstruction.SumRisks(new double[] {0, 2}, AWKWARD),
                new StatisticsInstruction.TrainAlone(), new StatisticsInstruction.EvaluateModel(AWKWARD, fitted));
        for (StatisticsInstruction.Question q : questions) {
            StatisticsInstruction s = new StatisticsInstruction("site1", q);
            assertThat(viaWire(s)).as(q.toString()).isEqualTo(s);
        }
    }

    @Test
    void fitReplyRoundTripsIncludingNanLossAndExtras() throws Exception {
        FitReply reply = new FitReply(2, "site1", new SiteUpdate("site1", AWKWARD, 123_456_789_012L, 40,
                Map.of("control_delta", new double[] {-0.0, 1e-320})), 0.6931471805599453);
        assertThat(viaWire(reply)).isEqualTo(reply);
        FitReply noBatch = new FitReply(2, "site1", new SiteUpdate("site1", new double[] {1}, 0, 0, null),
                Double.NaN);
        assertThat(viaWire(noBatch)).isEqualTo(noBatch);
    }

    @Test
    void evaluateRepliesRoundTripWithAndWithoutExternalAndUndefinedAuc() throws Exception {
        SiteEvaluation survival = new SiteEvaluation.Survival(30, 12, new Concordance(100, 20, 3, 4, 1));
        SiteEvaluation binary = new SiteEvaluation.Binary(10, 4, new ConfusionMatrix(3, 2, 4, 1),
                MetricValue.of(0.8125));
        SiteEvaluation undefined = new SiteEvaluation.Binary(2, 0, new ConfusionMatrix(0, 1, 1, 0),
                MetricValue.undefined("no positive label"));
        for (EvaluateReply r : List.of(new EvaluateReply(1, "site2", survival),
                new EvaluateReply(1, "site2", survival, new SiteEvaluation.Survival(0, 0, Concordance.EMPTY)),
                new EvaluateReply(5, "site2", binary, undefined), new EvaluateReply(5, "site2", undefined))) {
            assertThat(viaWire(r)).isEqualTo(r);
        }
    }

    @Test
    void everyStatisticsAnswerAndFailureRoundTrips() throws Exception {
        SiteSummary summary = new SiteSummary(Preprocessing.Missing.DROP, 5, 2, 3, List.of(
                new ColumnSummary.Numeric("age", 4, 1, 61.25, 0.1 + 0.2, -0.0, 80, Map.of()),
                new ColumnSummary.Numeric("flag", 5, 0, 0.4, 1.2, 0, 1, Map.of(0.0, 3, 1.0, 2)),
                new ColumnSummary.Numeric("empty", 0, 5, Double.NaN, 0, Double.NaN, Double.NaN, Map.of()),
                new ColumnSummary.Categorical("sex", 5, 0, Map.of("F", 2, "M", 3))));
        List<StatisticsReply.Answer> answers = List.of(new StatisticsReply.Summary(summary),
                new StatisticsReply.Counts(new int[] {0, 7, Integer.MAX_VALUE}), new StatisticsReply.Ready(),
                new StatisticsReply.MaxTime(12.5), new StatisticsReply.Sums(new BinSums(new int[] {0, 2, 0},
                        new double[] {Double.NEGATIVE_INFINITY, 3.25, -0.0})));
        for (StatisticsReply.Answer a : answers) {
            StatisticsReply r = new StatisticsReply("site3", a);
            assertThat(viaWire(r)).as(a.toString()).isEqualTo(r);
        }
        Failure f = new Failure(7, "site3", "disk full");
        assertThat(viaWire(f)).isEqualTo(f);
    }

    @Test
    void isolatedModelsAndTheirEvaluationsRoundTripToTheBit() throws Exception {
        Schema schema = Schema.survival("time", "event");
        Table table = SyntheticMds.table(80, 5, true);
        Preprocessing spec = new Preprocessing(Preprocessing.Missing.MEDIAN, Preprocessing.Scaling.STANDARD, true);
        int[] rows = new int[80];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        FittedPreprocessing own = spec.fit(table, schema, rows);
        BaselineHazard h = new BaselineHazard(new double[] {1.0 / 3, 0.5, 7},
                new double[] {0.1 + 0.2, 0.3 + 1e-16, 2.5}, Ties.EFRON);
        List<StatisticsReply.Answer> answers = List.of(new StatisticsReply.Model(AWKWARD, own, h),
                new StatisticsReply.Model(new double[] {-0.0, 1e-320}, own, null),
                new StatisticsReply.Evaluation(new SiteEvaluation.Survival(30, 12, new Concordance(100, 20, 3, 4, 1))),
                new StatisticsReply.Evaluation(new SiteEvaluation.Binary(2, 0, new ConfusionMatrix(0, 1, 1, 0),
                        MetricValue.undefined("no positive label"))));
        for (StatisticsReply.Answer a : answers) {
            StatisticsReply r = new StatisticsReply("site2", a);
            StatisticsReply back = (StatisticsReply) viaWire(r);
            assertThat(back).as(a.toString()).isEqualTo(r);
            if (a instanceof StatisticsReply.Model m) {
                double[] sent = m.parameters();
                double[] got = ((StatisticsReply.Model) back.answer()).parameters();
                for (int i = 0; i < sent.length; i++) {
                    assertThat(Double.doubleToRawLongBits(got[i])).isEqualTo(Double.doubleToRawLongBits(sent[i]));
                }
            }
        }
        var badTies = org.fedhaem.grpc.proto.Reply.newBuilder().setStatistics(org.fedhaem.grpc.proto.StatisticsReply
                .newBuilder().setModel(org.fedhaem.grpc.proto.IsolatedModel.newBuilder()
                        .setParameters(ProtoMapping.vector(new double[] {1})).setPreprocessingJson(own.toJson())
                        .setBaseline(org.fedhaem.grpc.proto.BaselineHazard.newBuilder()
                                .setTimes(ProtoMapping.vector(new double[] {1}))
                                .setCumulativeHazard(ProtoMapping.vector(new double[] {0.5})).setTies("KAPLAN"))))
                .build();
        assertThatThrownBy(() -> ProtoMapping.reply(badTies, 0, "site2")).hasMessage("unknown ties method 'KAPLAN'");
    }

    @Test
    void vectorsArePackedLittleEndianAndAPartialDoubleIsRefused() {
        Vector v = ProtoMapping.vector(new double[] {1.0});
        assertThat(v.getLeDoubles().toByteArray()).containsExactly(0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F);
        Vector bad = Vector.newBuilder().setLeDoubles(ByteString.copyFrom(new byte[12])).build();
        assertThatThrownBy(() -> ProtoMapping.doubles(bad))
                .hasMessage("a vector of 12 bytes is not a whole number of 8-byte doubles");
        // NaN in a global model is refused by the record, naming the value.
        var nanGlobal = org.fedhaem.grpc.proto.Instruction.newBuilder().setRound(1).setEvaluate(
                org.fedhaem.grpc.proto.EvaluateInstruction.newBuilder()
                        .setGlobal(ProtoMapping.vector(new double[] {0, Double.NaN}))).build();
        assertThatThrownBy(() -> ProtoMapping.instruction(nanGlobal, "site1"))
                .hasMessage("global[1] must be finite, got NaN");
        assertThatThrownBy(() -> ProtoMapping.reply(org.fedhaem.grpc.proto.Reply.getDefaultInstance(), 1, "s"))
                .hasMessage("reply without a kind");
    }
}
