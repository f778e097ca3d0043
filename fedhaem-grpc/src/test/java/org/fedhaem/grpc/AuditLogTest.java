package org.fedhaem.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.fedhaem.data.ColumnSummary;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SyntheticMds;
import org.fedhaem.data.Table;
import org.fedhaem.federation.EvaluateInstruction;
import org.fedhaem.federation.EvaluateReply;
import org.fedhaem.federation.Failure;
import org.fedhaem.federation.FederatedRun;
import org.fedhaem.federation.FederatedSetup;
import org.fedhaem.federation.FitInstruction;
import org.fedhaem.federation.FitReply;
import org.fedhaem.federation.Fleet;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.ModelSetup;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.RoundLoop;
import org.fedhaem.federation.SiteRunner;
import org.fedhaem.federation.StatisticsInstruction;
import org.fedhaem.federation.StatisticsReply;
import org.fedhaem.grpc.tls.CertificateDirectory;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.Strategies;
import org.fedhaem.strategy.Strategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of a real run on loopback with mutual TLS: every instruction and reply has its line with the right
 * site, round and kind; the hash is that of the parameters' little-endian bytes, computed here independently; no
 * line holds a value of the sites' data, although the statistics replies that crossed the network did.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditLogTest {
    private static final Schema SCHEMA = Schema.survival("time", "event");
    private static final IntFunction<ModelSetup> MODEL = n -> ModelSetup.of(NetworkSpec.deepSurv(n),
            ModelSetup.Task.SURVIVAL);
    private static final Table TABLE = SyntheticMds.table(120, 7, true);
    private static final List<String> NAMES = List.of("site1", "site2", "site3");
    private static final int[][] TRAIN = {range(0, 30), range(40, 70), range(80, 110)};
    private static final int[][] TEST = {range(30, 40), range(70, 80), range(110, 120)};
    private static final Preprocessing SPEC = new Preprocessing(Preprocessing.Missing.MEDIAN,
            Preprocessing.Scaling.STANDARD, true);
    private static final FitSettings BASE = new FitSettings(1, 16, 0.01, 0, null);
    private static final SiteAgent.Options AGENT = new SiteAgent.Options(Duration.ofMillis(300),
            Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(1));
    private static final List<String> FIELDS = List.of("time", "direction", "site", "round", "kind", "bytes",
            "sha256");

    @TempDir
    Path tmp;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<SiteAgent> agents = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (SiteAgent a : agents) {
            a.dropConnection();
        }
        threads.shutdownNow();
    }

    /** What the coordinator's code sent and received, seen above the transport. */
    private static final class Recording implements Fleet {
        final Fleet fleet;
        final List<Instruction> sent = Collections.synchronizedList(new ArrayList<>());
        final List<Reply> received = Collections.synchronizedList(new ArrayList<>());

        Recording(Fleet fleet) {
            this.fleet = fleet;
        }

        @Override
        public List<String> sites() {
            return fleet.sites();
        }

        @Override
        public List<Reply> send(List<? extends Instruction> instructions) {
            sent.addAll(instructions);
            List<Reply> replies = fleet.send(instructions);
            received.addAll(replies);
            return replies;
        }
    }

    @Test
    void everyMessageHasItsLineWithTheParametersHashAndNoPatientValue() throws Exception {
        CertificateDirectory federation = new CertificateDirectory(tmp.resolve("federation"));
        federation.init(List.of(), false);
        for (String s : NAMES) {
            federation.issueSite(s, false);
        }
        Path file = tmp.resolve("run").resolve(JsonLinesAuditLog.FILE_NAME);
        Files.createDirectories(file.getParent());
        Recording recording;
        List<Future<?>> running = new ArrayList<>();
        try (JsonLinesAuditLog audit = JsonLinesAuditLog.open(file);
             GrpcFleet fleet = GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NAMES,
                     new GrpcFleet.Options(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(10),
                             "experiment text").withAudit(audit))) {
            for (int s = 0; s < NAMES.size(); s++) {
                SiteRunner site = new SiteRunner(NAMES.get(s), TABLE, TRAIN[s], TEST[s], null, SCHEMA, SPEC, MODEL);
                SiteAgent agent = SiteAgent.secure("127.0.0.1", fleet.port(), federation.load(NAMES.get(s)),
                        info -> site, AGENT);
                agents.add(agent);
                running.add(threads.submit(() -> {
                    agent.run();
                    return null;
                }));
            }
            fleet.awaitSites(3, Duration.ofSeconds(20));
            recording = new Recording(fleet);
            FittedPreprocessing fitted = FederatedSetup.preprocessing(recording, SPEC, SCHEMA);
            var network = MODEL.apply(fitted.features().size()).newNetwork(5);
            Strategy fedavg = Strategies.create("fedavg", Map.of(), network.trainableMask());
            FederatedRun run = new RoundLoop(recording, RoundLoop.Options.defaults())
                    .run(fedavg, network.parameters().flatten(), 2, BASE, 11, null);
            FederatedSetup.baseline(recording, run.finalGlobal(), 1.0, 10, 2);
            agents.get(2).close(); // site3 says goodbye itself; the coordinator says goodbye to the others
            running.get(2).get(10, TimeUnit.SECONDS);
        }
        for (Future<?> f : running) {
            f.get(10, TimeUnit.SECONDS);
        }

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<JsonNode> entries = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode e = json.readTree(line);
            List<String> names = new ArrayList<>();
            e.fieldNames().forEachRemaining(names::add);
            assertThat(names).as(line).isEqualTo(FIELDS);
            assertThat(e.get("time").asText()).as(line).endsWith("Z");
            Instant.parse(e.get("time").asText());
            assertThat(e.get("direction").asText()).as(line).isIn("to_site", "from_site");
            assertThat(e.get("site").asText()).as(line).isIn(NAMES);
            assertThat(e.get("round").isNull() || e.get("round").isInt()).as(line).isTrue();
            assertThat(e.get("bytes").isIntegralNumber() && e.get("bytes").asLong() > 0).as(line).isTrue();
            assertThat(e.get("sha256").isNull() || e.get("sha256").asText().matches("[0-9a-f]{64}")).as(line)
                    .isTrue();
            entries.add(e);
        }

        // Every instruction and every reply, with its site, round, kind and hash; nothing else but the session.
        List<String> expected = new ArrayList<>();
        for (Instruction in : recording.sent) {
            expected.add(key("to_site", in.site(), in.round(), kind(in), parametersOf(in)));
        }
        for (Reply r : recording.received) {
            expected.add(key("from_site", r.site(), r.round(), kind(r), r instanceof FitReply f
                    ? f.update().parameters() : null));
        }
        for (String s : NAMES) {
            expected.add(key("from_site", s, null, "register", null));
            expected.add(key("to_site", s, null, "register_reply", null));
        }
        expected.add(key("from_site", "site3", null, "goodbye", null));
        expected.add(key("to_site", "site1", null, "goodbye", null));
        expected.add(key("to_site", "site2", null, "goodbye", null));
        List<String> actual = new ArrayList<>();
        for (JsonNode e : entries) {
            actual.add(e.get("direction").asText() + " " + e.get("site").asText() + " round "
                    + (e.get("round").isNull() ? "-" : e.get("round").asInt()) + " " + e.get("kind").asText() + " "
                    + (e.get("sha256").isNull() ? "-" : e.get("sha256").asText()));
        }
        assertThat(recording.received).noneMatch(r -> r instanceof Failure);
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(actual).anyMatch(a -> a.contains(" fit ")).anyMatch(a -> a.contains(" fit_reply "))
                .anyMatch(a -> a.contains(" evaluate ")).anyMatch(a -> a.contains(" evaluate_reply "))
                .anyMatch(a -> a.contains("statistics:sum_risks")).anyMatch(a -> a.contains("statistics_reply:sums"));
        // An instruction's line comes before its reply's.
        assertThat(actual.indexOf(expected.get(0))).isLessThan(actual.indexOf(
                expected.get(recording.sent.size())));

        // No value of the sites' data, though the column summaries that crossed the network carried such values.
        Set<String> values = dataValues();
        assertThat(values).hasSizeGreaterThan(100);
        int carried = 0;
        for (Reply r : recording.received) {
            if (r instanceof StatisticsReply s && s.answer() instanceof StatisticsReply.Summary summary) {
                for (ColumnSummary c : summary.summary().columns()) {
                    if (c instanceof ColumnSummary.Numeric n && values.contains(Double.toString(n.max()))) {
                        carried++;
                    }
                }
            }
        }
        assertThat(carried).isGreaterThan(0);
        for (String line : lines) {
            // The time is checked above to be an instant; its fraction of a second could spell any decimal.
            String rest = line.replaceFirst("\"time\":\"[^\"]*\"", "");
            for (String v : values) {
                assertThat(rest).as("a data value in the audit log").doesNotContain(v);
            }
        }
    }

    @Test
    void aLineIsWrittenAndFlushedPerMessageAndAClosedLogRefusesMore() throws Exception {
        Path file = tmp.resolve("audit.jsonl");
        Files.writeString(file, "{\"earlier\":1}\n");
        JsonLinesAuditLog audit = JsonLinesAuditLog.open(file);
        String hash = sha256(new double[] {1.5, -0.0});
        audit.record(new AuditLog.Message(Instant.parse("2026-01-02T03:04:05.678Z"), AuditLog.Direction.TO_SITE,
                "site1", 3, "fit", 123, hash));
        // Flushed: readable before close.
        assertThat(Files.readAllLines(file)).containsExactly("{\"earlier\":1}",
                "{\"time\":\"2026-01-02T03:04:05.678Z\",\"direction\":\"to_site\",\"site\":\"site1\",\"round\":3,"
                        + "\"kind\":\"fit\",\"bytes\":123,\"sha256\":\"" + hash + "\"}");
        audit.record(new AuditLog.Message(Instant.parse("2026-01-02T03:04:06Z"), AuditLog.Direction.FROM_SITE,
                "site2", null, "register", 2, null));
        assertThat(Files.readAllLines(file)).last().isEqualTo("{\"time\":\"2026-01-02T03:04:06Z\",\"direction\":"
                + "\"from_site\",\"site\":\"site2\",\"round\":null,\"kind\":\"register\",\"bytes\":2,\"sha256\":null}");
        audit.close();
        assertThatThrownBy(() -> audit.record(new AuditLog.Message(Instant.now(), AuditLog.Direction.TO_SITE,
                "site1", 1, "fit", 1, null))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aLineCutShortByACrashIsEndedBeforeTheResumedRunAppends() throws Exception {
        Path file = tmp.resolve("audit.jsonl");
        Files.writeString(file, "{\"earlier\":1}\n{\"time\":\"2026-01-02T03:0");
        try (JsonLinesAuditLog audit = JsonLinesAuditLog.open(file)) {
            audit.record(new AuditLog.Message(Instant.parse("2026-01-02T03:04:06Z"), AuditLog.Direction.FROM_SITE,
                    "site2", null, "register", 2, null));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).isEqualTo("{\"time\":\"2026-01-02T03:0");
        assertThat(new ObjectMapper().readTree(lines.get(2)).get("kind").asText()).isEqualTo("register");

        // A whole file is appended to as it is.
        try (JsonLinesAuditLog audit = JsonLinesAuditLog.open(file)) {
            audit.record(new AuditLog.Message(Instant.parse("2026-01-02T03:04:07Z"), AuditLog.Direction.TO_SITE,
                    "site2", null, "register_reply", 3, null));
        }
        assertThat(Files.readAllLines(file)).hasSize(4).last().asString().contains("register_reply");
    }

    @Test
    void aMessageWithABadValueIsRefusedNamingIt() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> new AuditLog.Message(now, AuditLog.Direction.TO_SITE, "site1", -1, "fit", 1, null))
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new AuditLog.Message(now, AuditLog.Direction.TO_SITE, "site1", 1, "fit", -5, null))
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> new AuditLog.Message(now, AuditLog.Direction.TO_SITE, "site1", 1, "fit", 1, "ABC"))
                .hasMessageContaining("'ABC'");
    }

    /** Every non-integer value of the data as Java prints it (integers could be any round, size or count). */
    private static Set<String> dataValues() {
        Set<String> out = new HashSet<>();
        for (String c : TABLE.columns()) {
            for (double v : TABLE.numeric(c)) {
                if (Double.isFinite(v) && v != Math.rint(v)) {
                    out.add(Double.toString(v));
                }
            }
        }
        return out;
    }

    private static String key(String direction, String site, Integer round, String kind, double[] parameters) {
        return direction + " " + site + " round " + (round == null ? "-" : round) + " " + kind + " "
                + (parameters == null ? "-" : sha256(parameters));
    }

    private static String kind(Instruction in) {
        if (in instanceof FitInstruction) {
            return "fit";
        }
        if (in instanceof EvaluateInstruction) {
            return "evaluate";
        }
        StatisticsInstruction.Question q = ((StatisticsInstruction) in).question();
        String question = q instanceof StatisticsInstruction.Begin ? "begin_repeat"
                : q instanceof StatisticsInstruction.Summarise ? "summarise"
                : q instanceof StatisticsInstruction.CountAtMost ? "count_at_most"
                : q instanceof StatisticsInstruction.Prepare ? "prepare_json"
                : q instanceof StatisticsInstruction.MaxTimeRoundedTo ? "max_time_rounded_to"
                : q instanceof StatisticsInstruction.CountEvents ? "count_events"
                : q instanceof StatisticsInstruction.TrainAlone ? "train_alone"
                : q instanceof StatisticsInstruction.EvaluateModel ? "evaluate_model"
                : "sum_risks";
        return "statistics:" + question;
    }

    private static double[] parametersOf(Instruction in) {
        if (in instanceof FitInstruction f) {
            return f.global();
        }
        if (in instanceof EvaluateInstruction e) {
            return e.global();
        }
        StatisticsInstruction.Question q = ((StatisticsInstruction) in).question();
        return q instanceof StatisticsInstruction.SumRisks s ? s.global()
                : q instanceof StatisticsInstruction.EvaluateModel e ? e.parameters() : null;
    }

    private static String kind(Reply r) {
        if (r instanceof FitReply) {
            return "fit_reply";
        }
        if (r instanceof EvaluateReply) {
            return "evaluate_reply";
        }
        if (r instanceof Failure) {
            return "failure";
        }
        StatisticsReply.Answer answer = ((StatisticsReply) r).answer();
        String name = answer instanceof StatisticsReply.Summary ? "summary"
                : answer instanceof StatisticsReply.Counts ? "counts"
                : answer instanceof StatisticsReply.Ready ? "ready"
                : answer instanceof StatisticsReply.MaxTime ? "max_time"
                : answer instanceof StatisticsReply.Model ? "model"
                : answer instanceof StatisticsReply.Evaluation ? "evaluation"
                : "sums";
        return "statistics_reply:" + name;
    }

    private static String sha256(double[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            bytes.putDouble(v);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
