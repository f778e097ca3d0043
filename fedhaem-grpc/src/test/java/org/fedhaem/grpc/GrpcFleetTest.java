package org.fedhaem.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.fedhaem.data.FittedPreprocessing;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SyntheticMds;
import org.fedhaem.data.Table;
import org.fedhaem.federation.FederatedRun;
import org.fedhaem.federation.FederatedSetup;
import org.fedhaem.federation.Fleet;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.ModelSetup;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.RoundLoop;
import org.fedhaem.federation.RoundRecord;
import org.fedhaem.federation.Site;
import org.fedhaem.federation.SiteFailure;
import org.fedhaem.federation.SiteRunner;
import org.fedhaem.grpc.proto.FederationGrpc;
import org.fedhaem.grpc.proto.PullRequest;
import org.fedhaem.grpc.proto.PullResponse;
import org.fedhaem.grpc.tls.CertificateDirectory;
import org.fedhaem.model.BaselineHazard;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.simulation.InMemoryFleet;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.Strategies;
import org.fedhaem.strategy.Strategy;
import org.fedhaem.strategy.StrategyState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport on loopback with real mutual TLS: a federated setup and run over a {@link GrpcFleet} with three
 * {@link SiteAgent}s equal, to the bit, the same over an {@link InMemoryFleet}; refused certificates; deadlines,
 * crashes and rejoining sites.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrpcFleetTest {
    private static final Schema SCHEMA = Schema.survival("time", "event");
    private static final IntFunction<ModelSetup> MODEL = n -> ModelSetup.of(NetworkSpec.deepSurv(n),
            ModelSetup.Task.SURVIVAL);
    private static final Table TABLE = SyntheticMds.table(300, 21, true);
    private static final List<String> NAMES = List.of("site1", "site2", "site3");
    private static final int[][] TRAIN = {range(0, 120), range(150, 210), range(240, 276)};
    private static final int[][] TEST = {range(120, 150), range(210, 240), range(276, 300)};
    private static final Preprocessing SPEC = new Preprocessing(Preprocessing.Missing.MEDIAN,
            Preprocessing.Scaling.STANDARD, true);
    private static final FitSettings BASE = new FitSettings(1, 32, 0.01, 0, null);
    private static final SiteAgent.Options AGENT = new SiteAgent.Options(Duration.ofMillis(300),
            Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(1));

    @TempDir
    Path tmp;

    private CertificateDirectory federation;
    private final List<SiteAgent> agents = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<LogRecord> log = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            log.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() {
        federation = new CertificateDirectory(tmp.resolve("federation"));
        federation.init(List.of(), false);
        for (String s : NAMES) {
            federation.issueSite(s, false);
        }
        Logger.getLogger(GrpcFleet.class.getName()).addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger(GrpcFleet.class.getName()).removeHandler(capture);
        for (SiteAgent a : agents) {
            a.dropConnection();
        }
        threads.shutdownNow();
    }

    private static SiteRunner rawSite(int s) {
        return new SiteRunner(NAMES.get(s), TABLE, TRAIN[s], TEST[s], null, SCHEMA, SPEC, MODEL);
    }

    private GrpcFleet fleet(Duration deadline) {
        return GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NAMES,
                new GrpcFleet.Options(deadline, Duration.ofSeconds(1), Duration.ofSeconds(10), "experiment text"));
    }

    private Future<?> start(GrpcFleet fleet, String name, Site site) {
        SiteAgent agent = SiteAgent.secure("127.0.0.1", fleet.port(), federation.load(name), info -> {
            assertThat(info.site()).isEqualTo(name);
            assertThat(info.experiment()).isEqualTo("experiment text");
            return site;
        }, AGENT);
        agents.add(agent);
        return threads.submit(() -> {
            agent.run();
            return null;
        });
    }

    private record Result(FittedPreprocessing preprocessing, FederatedRun run, BaselineHazard baseline) {
    }

    /** Preprocessing, three FedAvg rounds and the baseline hazard through {@code fleet}. */
    private static Result federate(Fleet fleet) {
        FittedPreprocessing fitted = FederatedSetup.preprocessing(fleet, SPEC, SCHEMA);
        ModelSetup model = MODEL.apply(fitted.features().size());
        var network = model.newNetwork(5);
        Strategy fedavg = Strategies.create("fedavg", Map.of(), network.trainableMask());
        FederatedRun run = new RoundLoop(fleet, RoundLoop.Options.defaults())
                .run(fedavg, network.parameters().flatten(), 3, BASE, 11, null);
        return new Result(fitted, run, FederatedSetup.baseline(fleet, run.finalGlobal(), 1.0, 30, 5));
    }

    @Test
    void aRunOverGrpcEqualsTheSameRunInMemoryBitForBit() throws Exception {
        Result expected;
        List<SiteRunner> local = new ArrayList<>();
        for (int s = 0; s < NAMES.size(); s++) {
            local.add(rawSite(s));
        }
        try (InMemoryFleet memory = new InMemoryFleet(local, 3)) {
            expected = federate(memory);
        }
        Result actual;
        List<Future<?>> running = new ArrayList<>();
        try (GrpcFleet fleet = fleet(Duration.ofSeconds(30))) {
            for (int s = 0; s < NAMES.size(); s++) {
                running.add(start(fleet, NAMES.get(s), rawSite(s)));
            }
            fleet.awaitSites(3, Duration.ofSeconds(20));
            assertThat(fleet.sites()).isEqualTo(NAMES);
            actual = federate(fleet);
        }
        for (Future<?> f : running) {
            f.get(10, TimeUnit.SECONDS); // each agent returned on goodbye, without an exception
        }
        assertThat(actual.preprocessing()).isEqualTo(expected.preprocessing());
        assertThat(actual.run()).isEqualTo(expected.run());
        assertThat(actual.run().history().rounds()).allMatch(r -> r.failures().isEmpty());
        assertThat(actual.baseline().times()).isEqualTo(expected.baseline().times());
        assertThat(actual.baseline().cumulativeHazard()).isEqualTo(expected.baseline().cumulativeHazard());
    }

    @Test
    void aCertificateFromAnotherCaOrANameOffTheListIsRefusedAndLogged() throws Exception {
        CertificateDirectory foreign = new CertificateDirectory(tmp.resolve("foreign"));
        foreign.init(List.of(), false);
        foreign.issueSite("site1", false);
        federation.issueSite("intruder", false);
        try (GrpcFleet fleet = fleet(Duration.ofSeconds(5))) {
            // A site1 key and certificate from another CA (the agent trusts this federation's CA).
            var other = foreign.load("site1");
            var otherCa = new org.fedhaem.grpc.tls.TlsIdentity("site1", other.role(), other.keyFile(),
                    other.certificateFile(), federation.load("site1").caFile(), other.key(), other.certificate(),
                    federation.load("site1").ca());
            for (var identity : List.of(otherCa, federation.load("intruder"))) {
                SiteAgent agent = SiteAgent.secure("127.0.0.1", fleet.port(), identity, info -> rawSite(0), AGENT);
                agents.add(agent);
                assertThatThrownBy(agent::run).isInstanceOf(CertificateRefusedException.class)
                        .hasMessageContaining("refused the certificate of site " + identity.name());
            }
            // No client certificate at all.
            io.grpc.ManagedChannel bare = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", fleet.port(),
                    io.grpc.TlsChannelCredentials.newBuilder().trustManager(federation.load("site1").caFile().toFile())
                            .build()).build();
            try {
                assertThatThrownBy(() -> org.fedhaem.grpc.proto.FederationGrpc.newBlockingStub(bare)
                        .register(org.fedhaem.grpc.proto.RegisterRequest.newBuilder().setProtocolVersion(1).build()))
                        .hasMessageContaining("UNAUTHENTICATED: no client certificate");
            } finally {
                bare.shutdownNow();
            }
            // A site that does not trust the coordinator (its CA is another) stops too, saying so.
            SiteAgent distrustful = SiteAgent.secure("127.0.0.1", fleet.port(), foreign.load("site1"),
                    info -> rawSite(0), AGENT);
            agents.add(distrustful);
            assertThatThrownBy(distrustful::run).isInstanceOfSatisfying(CoordinatorUntrustedException.class,
                    e -> assertThat(e.reason()).isEqualTo(CoordinatorUntrustedException.Reason.OTHER_CA))
                    .hasMessageContaining("site site1 does not trust the coordinator at 127.0.0.1:" + fleet.port()
                            + ": its certificate is not one of this site's federation CA");
            assertThat(fleet.connected()).isEmpty();
        }
        List<String> warnings = new ArrayList<>();
        for (LogRecord r : log) {
            if (r.getLevel() == java.util.logging.Level.WARNING && r.getMessage().startsWith("refused")) {
                warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
            }
        }
        assertThat(warnings).anyMatch(w -> w.contains("/127.0.0.1:") && w.contains("not trusted by the federation CA"));
        assertThat(warnings).anyMatch(w -> w.contains("/127.0.0.1:") && w.contains("no client certificate"));
        assertThat(warnings).anyMatch(w -> w.contains("/127.0.0.1:")
                && w.contains("site 'intruder' is not on this federation's allow-list"));
    }

    @Test
    void aSiteStopsWhenTheCoordinatorsCertificateIsForAnotherHostAndSaysWhichHostItIsFor() throws Exception {
        CertificateDirectory named = new CertificateDirectory(tmp.resolve("named"));
        named.init(List.of("fl.example.org"), false);
        named.issueSite("site1", false);
        try (GrpcFleet fleet = GrpcFleet.secure(named.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NAMES, GrpcFleet.Options.defaults())) {
            SiteAgent agent = SiteAgent.secure("127.0.0.1", fleet.port(), named.load("site1"), info -> rawSite(0),
                    AGENT);
            agents.add(agent);
            assertThatThrownBy(agent::run).isInstanceOfSatisfying(CoordinatorUntrustedException.class, e -> {
                assertThat(e.reason()).isEqualTo(CoordinatorUntrustedException.Reason.WRONG_HOST);
                assertThat(e.certificateHosts()).containsExactly("fl.example.org");
                assertThat(e.dialledHost()).isEqualTo("127.0.0.1");
            }).hasMessage("site site1 does not trust the coordinator at 127.0.0.1:" + fleet.port()
                    + ": its certificate is for fl.example.org, not 127.0.0.1");
            assertThat(fleet.connected()).isEmpty();
        }
        // The handshake failed at the site: the coordinator saw no call to refuse.
        assertThat(log).noneMatch(r -> r.getMessage().startsWith("refused"));
    }

    @Test
    void aSiteThatNeverAnswersFailsAtTheDeadlineAndTheRoundCompletesWithTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (GrpcFleet fleet = fleet(Duration.ofSeconds(2))) {
            start(fleet, "site1", rawSite(0));
            start(fleet, "site2", rawSite(1));
            start(fleet, "site3", stuck(rawSite(2), release));
            fleet.awaitSites(3, Duration.ofSeconds(20));
            // The statistics go through (the stuck site answers them), then site3 hangs in round 1's fit.
            FittedPreprocessing fitted = FederatedSetup.preprocessing(fleet, SPEC, SCHEMA);
            var network = MODEL.apply(fitted.features().size()).newNetwork(5);
            Strategy fedavg = Strategies.create("fedavg", Map.of("min_replies", 2), network.trainableMask());
            RoundLoop loop = new RoundLoop(fleet, RoundLoop.Options.defaults());
            RoundLoop.Step step = loop.round(fedavg, 1, 2, network.parameters().flatten(),
                    fedavg.initialState(network.parameters().flatten()), BASE, 11, null);
            RoundRecord record = step.record();
            assertThat(record.replied()).containsExactly("site1", "site2");
            assertThat(record.failedReason()).isNull();
            assertThat(record.failures()).extracting(SiteFailure::site, SiteFailure::phase)
                    .contains(org.assertj.core.groups.Tuple.tuple("site3", SiteFailure.Phase.FIT));
            assertThat(record.failures().get(0).reason()).isEqualTo("site site3 missed the round deadline of 2 s");
            release.countDown();
        }
    }

    @Test
    void aSiteThatCrashesMidRoundFailsAndOneThatComesBackServesTheNextRound() throws Exception {
        CountDownLatch crashed = new CountDownLatch(1);
        try (GrpcFleet fleet = fleet(Duration.ofSeconds(20))) {
            start(fleet, "site1", rawSite(0));
            start(fleet, "site2", rawSite(1));
            SiteRunner third = rawSite(2);
            Site crashing = new Site() {
                @Override
                public String name() {
                    return "site3";
                }

                @Override
                public Reply handle(Instruction instruction) {
                    if (instruction instanceof org.fedhaem.federation.FitInstruction) {
                        agents.get(2).dropConnection();
                        crashed.countDown();
                        throw new IllegalStateException("crashed");
                    }
                    return third.handle(instruction);
                }
            };
            start(fleet, "site3", crashing);
            fleet.awaitSites(3, Duration.ofSeconds(20));
            FittedPreprocessing fitted = FederatedSetup.preprocessing(fleet, SPEC, SCHEMA);
            var network = MODEL.apply(fitted.features().size()).newNetwork(5);
            double[] initial = network.parameters().flatten();
            Strategy fedavg = Strategies.create("fedavg", Map.of("min_replies", 2), network.trainableMask());
            RoundLoop loop = new RoundLoop(fleet, RoundLoop.Options.defaults());
            StrategyState state = fedavg.initialState(initial);
            RoundLoop.Step one = loop.round(fedavg, 1, 2, initial, state, BASE, 11, null);
            assertThat(crashed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(one.record().replied()).containsExactly("site1", "site2");
            assertThat(one.record().failures()).anyMatch(f -> f.site().equals("site3")
                    && f.phase() == SiteFailure.Phase.FIT && f.reason().contains("site3"));
            // site3 comes back with a new agent (its prepared data kept by the same SiteRunner) and rejoins.
            start(fleet, "site3", third);
            fleet.awaitSites(3, Duration.ofSeconds(20));
            RoundLoop.Step two = loop.round(fedavg, 2, 2, one.global(), one.state(), BASE, 11, null);
            assertThat(two.record().replied()).containsExactly("site1", "site2", "site3");
            assertThat(two.record().failures()).isEmpty();
        }
    }

    @Test
    void aFailedAuditWriteStopsTheRunAtOnceNamingTheLogAndTheMessageIsNotDelivered() throws Exception {
        List<AuditLog.Message> recorded = Collections.synchronizedList(new ArrayList<>());
        AuditLog failing = m -> {
            if (m.kind().equals("fit_reply") && m.site().equals("site2")) {
                throw new java.io.UncheckedIOException("cannot write the audit log /run/audit.jsonl: No space left "
                        + "on device", new java.io.IOException("No space left on device"));
            }
            recorded.add(m);
        };
        // A round deadline far beyond the test's timeout: the failure must not wait for it.
        GrpcFleet.Options options = new GrpcFleet.Options(Duration.ofSeconds(600), Duration.ofSeconds(1),
                Duration.ofSeconds(10), "experiment text").withAudit(failing);
        try (GrpcFleet fleet = GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NAMES, options)) {
            for (int s = 0; s < NAMES.size(); s++) {
                start(fleet, NAMES.get(s), rawSite(s));
            }
            fleet.awaitSites(3, Duration.ofSeconds(20));
            FittedPreprocessing fitted = FederatedSetup.preprocessing(fleet, SPEC, SCHEMA);
            var network = MODEL.apply(fitted.features().size()).newNetwork(5);
            double[] initial = network.parameters().flatten();
            Strategy fedavg = Strategies.create("fedavg", Map.of(), network.trainableMask());
            RoundLoop loop = new RoundLoop(fleet, RoundLoop.Options.defaults());
            assertThatThrownBy(() -> loop.round(fedavg, 1, 3, initial, fedavg.initialState(initial), BASE, 11, null))
                    .isInstanceOf(AuditFailedException.class)
                    .hasMessageContaining("/run/audit.jsonl: No space left on device")
                    .hasMessageContaining("fit_reply message from_site site2")
                    .hasMessageContaining("the coordinator stops");
            // Stopped for good: nothing more is sent.
            int before = recorded.size();
            assertThatThrownBy(() -> FederatedSetup.preprocessing(fleet, SPEC, SCHEMA))
                    .isInstanceOf(AuditFailedException.class);
            assertThat(recorded).hasSize(before);
        }
        assertThat(recorded).noneMatch(m -> m.kind().equals("fit_reply") && m.site().equals("site2"));
    }

    @Test
    void anAuditFileThatCannotBeWrittenStopsTheCoordinatorAtTheFirstRegistration() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isWritable(full),
                "needs /dev/full (Linux) for a file whose every write fails");
        Path file = tmp.resolve("audit.jsonl");
        java.nio.file.Files.createSymbolicLink(file, full);
        try (JsonLinesAuditLog audit = JsonLinesAuditLog.open(file);
             GrpcFleet fleet = GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NAMES,
                     new GrpcFleet.Options(Duration.ofSeconds(600), Duration.ofSeconds(1), Duration.ofSeconds(10),
                             "experiment text").withAudit(audit))) {
            start(fleet, "site1", rawSite(0));
            assertThatThrownBy(() -> fleet.awaitSites(3, Duration.ofSeconds(600)))
                    .isInstanceOf(AuditFailedException.class)
                    .hasMessageContaining("cannot write the audit log " + file)
                    .hasMessageContaining("register message from_site site1");
            assertThat(fleet.connected()).isEmpty();
        }
    }

    @Test
    void aRegisterReplyThatCannotBeRecordedLeavesTheSiteUnconnectedAndStopsTheWait() throws Exception {
        AuditLog failing = m -> {
            if (m.kind().equals("register_reply")) {
                throw new java.io.UncheckedIOException("cannot write the audit log /run/audit.jsonl",
                        new java.io.IOException("No space left on device"));
            }
        };
        try (GrpcFleet fleet = GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NAMES,
                new GrpcFleet.Options(Duration.ofSeconds(600), Duration.ofSeconds(1), Duration.ofSeconds(10),
                        "experiment text").withAudit(failing))) {
            start(fleet, "site1", rawSite(0));
            assertThatThrownBy(() -> fleet.awaitSites(1, Duration.ofSeconds(600)))
                    .isInstanceOf(AuditFailedException.class)
                    .hasMessageContaining("register_reply message to_site site1");
            assertThat(fleet.connected()).isEmpty();
            // Stopped for good: a later wait fails at once too.
            assertThatThrownBy(() -> fleet.awaitSites(1, Duration.ofSeconds(600)))
                    .isInstanceOf(AuditFailedException.class);
        }
    }

    @Test
    void longPollsWaitWithoutAThreadEach() throws Exception {
        int connections = 4;
        int perConnection = GrpcFleet.MAX_CALLS_PER_CONNECTION - 1;
        int pulls = connections * perConnection;
        var site1 = federation.load("site1");
        List<io.grpc.ManagedChannel> channels = new ArrayList<>();
        try (GrpcFleet fleet = GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NAMES,
                // A pull wait far beyond the parking: no pull expires before the last one parks, however loaded.
                new GrpcFleet.Options(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(60),
                        "experiment text"))) {
            for (int c = 0; c < connections; c++) {
                channels.add(io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", fleet.port(),
                        io.grpc.TlsChannelCredentials.newBuilder().keyManager(site1.certificateFile().toFile(),
                                site1.keyFile().toFile()).trustManager(site1.caFile().toFile()).build()).build());
            }
            long session = FederationGrpc.newBlockingStub(channels.get(0)).register(
                    org.fedhaem.grpc.proto.RegisterRequest.newBuilder().setProtocolVersion(Protocol.VERSION).build())
                    .getSession();
            // Every connection made and used once, so that its transport threads are counted before the pulls.
            for (var channel : channels) {
                FederationGrpc.newBlockingStub(channel).heartbeat(
                        org.fedhaem.grpc.proto.HeartbeatRequest.newBuilder().setSession(session).build());
            }
            int before = Thread.activeCount();
            List<PullResponse> answers = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch answered = new CountDownLatch(pulls);
            for (var channel : channels) {
                for (int i = 0; i < perConnection; i++) {
                    FederationGrpc.newStub(channel).pull(PullRequest.newBuilder().setSession(session).build(),
                            new io.grpc.stub.StreamObserver<>() {
                                @Override
                                public void onNext(PullResponse r) {
                                    answers.add(r);
                                }

                                @Override
                                public void onError(Throwable t) {
                                    answered.countDown();
                                }

                                @Override
                                public void onCompleted() {
                                    answered.countDown();
                                }
                            });
                }
            }
            long parking = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (fleet.parkedPulls() < pulls) {
                assertThat(System.nanoTime() - parking).as("%d of %d pulls parked after 20 s", fleet.parkedPulls(),
                        pulls).isNegative();
                Thread.sleep(10);
            }
            // A blocking long poll would hold a thread in Service.pull for each, 60 more threads; the threads the
            // burst of calls briefly used (gRPC's pool keeps them a minute) do not grow with the number of pulls.
            long inPull = Thread.getAllStackTraces().values().stream().filter(frames -> java.util.Arrays
                    .stream(frames).anyMatch(f -> f.getClassName().startsWith(GrpcFleet.class.getName())
                            && f.getMethodName().equals("pull"))).count();
            assertThat(inPull).as("threads inside Pull while %d pulls wait", pulls).isZero();
            assertThat(Thread.activeCount() - before).as("threads added by %d waiting pulls", pulls)
                    .isLessThan(pulls / 4);
            // Closing answers every parked pull: one collects the goodbye, the others learn the coordinator stops.
            fleet.close();
            assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(answers).hasSize(1).allMatch(r -> r.getNextCase() == PullResponse.NextCase.GOODBYE);
            assertThat(fleet.parkedPulls()).isZero();
        } finally {
            for (var channel : channels) {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void aLongPollWithNothingForItAnswersNothingWhenItsWaitEnds() throws Exception {
        var site1 = federation.load("site1");
        io.grpc.ManagedChannel channel = null;
        try (GrpcFleet fleet = GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NAMES,
                new GrpcFleet.Options(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(60),
                        "experiment text"))) {
            channel = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", fleet.port(),
                    io.grpc.TlsChannelCredentials.newBuilder().keyManager(site1.certificateFile().toFile(),
                            site1.keyFile().toFile()).trustManager(site1.caFile().toFile()).build()).build();
            var stub = FederationGrpc.newBlockingStub(channel);
            long session = stub.register(org.fedhaem.grpc.proto.RegisterRequest.newBuilder()
                    .setProtocolVersion(Protocol.VERSION).build()).getSession();
            PullResponse answer = stub.withDeadlineAfter(20, TimeUnit.SECONDS)
                    .pull(PullRequest.newBuilder().setSession(session).build());
            assertThat(answer.getNextCase()).isEqualTo(PullResponse.NextCase.NOTHING);
            assertThat(fleet.parkedPulls()).isZero();
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void aPullOfASessionReplacedWhileItWasAdmittedLeavesTheNewSessionsInstruction() throws Exception {
        io.grpc.ManagedChannel channel = null;
        try (GrpcFleet fleet = bareFleet()) {
            channel = site1Channel(fleet);
            var stub = FederationGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
            long old = register(stub);
            java.util.concurrent.atomic.AtomicLong renewed = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicReference<Future<List<Reply>>> sent =
                    new java.util.concurrent.atomic.AtomicReference<>();
            // Between the old Pull's session check and its turn at the queue: the site registers again and the
            // coordinator queues an instruction for the new session.
            fleet.pullAdmitted = () -> {
                fleet.pullAdmitted = () -> { };
                renewed.set(register(stub));
                sent.set(threads.submit(() -> fleet.send(List.of(new org.fedhaem.federation.StatisticsInstruction(
                        "site1", new org.fedhaem.federation.StatisticsInstruction.Summarise())))));
                awaitCount(fleet::queued, 1);
            };
            assertThatThrownBy(() -> stub.pull(PullRequest.newBuilder().setSession(old).build()))
                    .hasMessageContaining("FAILED_PRECONDITION")
                    .hasMessageContaining("session " + old + " of site site1 is not current; register again");
            PullResponse next = stub.pull(PullRequest.newBuilder().setSession(renewed.get()).build());
            assertThat(next.getNextCase()).isEqualTo(PullResponse.NextCase.INSTRUCTION);
            assertThat(next.getInstruction().hasStatistics()).isTrue();
            fleet.close();
            assertThat(sent.get().get(10, TimeUnit.SECONDS)).singleElement()
                    .isEqualTo(new org.fedhaem.federation.Failure(0, "site1", "the coordinator stopped"));
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void aPullParkedByAnEarlierSessionIsAnsweredWhenTheNewSessionsItemIsHanded() throws Exception {
        io.grpc.ManagedChannel channel = null;
        try (GrpcFleet fleet = bareFleet()) {
            channel = site1Channel(fleet);
            var stub = FederationGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
            Answer old = pull(channel, register(stub));
            awaitCount(fleet::parkedPulls, 1);
            Answer renewed = pull(channel, register(stub));
            awaitCount(fleet::parkedPulls, 2);
            // The goodbye goes to the new session's pull; the old one hears, not the server's shutdown, that its
            // session ended (it used to be left to an expiry that closing cancels, then cut off).
            fleet.close();
            assertThat(renewed.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(renewed.next).singleElement()
                    .matches(r -> r.getNextCase() == PullResponse.NextCase.GOODBYE);
            assertThat(old.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(old.next).isEmpty();
            assertThat(old.error).singleElement().asString().contains("FAILED_PRECONDITION")
                    .contains("is not current; register again");
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }

    /** A coordinator with long pull waits and round deadlines, for calls made by hand. */
    private GrpcFleet bareFleet() {
        return GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), NAMES,
                new GrpcFleet.Options(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(60),
                        "experiment text"));
    }

    private io.grpc.ManagedChannel site1Channel(GrpcFleet fleet) throws java.io.IOException {
        var site1 = federation.load("site1");
        return io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", fleet.port(),
                io.grpc.TlsChannelCredentials.newBuilder().keyManager(site1.certificateFile().toFile(),
                        site1.keyFile().toFile()).trustManager(site1.caFile().toFile()).build()).build();
    }

    private static long register(FederationGrpc.FederationBlockingStub stub) {
        return stub.register(org.fedhaem.grpc.proto.RegisterRequest.newBuilder()
                .setProtocolVersion(Protocol.VERSION).build()).getSession();
    }

    /** What an asynchronous Pull received. */
    private record Answer(List<PullResponse> next, List<Throwable> error, CountDownLatch done) {
    }

    private static Answer pull(io.grpc.ManagedChannel channel, long session) {
        Answer a = new Answer(Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()), new CountDownLatch(1));
        FederationGrpc.newStub(channel).pull(PullRequest.newBuilder().setSession(session).build(),
                new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(PullResponse r) {
                        a.next.add(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        a.error.add(t);
                        a.done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        a.done.countDown();
                    }
                });
        return a;
    }

    /** Waits (at most 20 s, then fails naming the count) until {@code count} reaches {@code n}. */
    private static void awaitCount(java.util.function.IntSupplier count, int n) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count.getAsInt() < n) {
            assertThat(System.nanoTime() - end).as("count %d, waiting for %d, after 20 s", count.getAsInt(), n)
                    .isNegative();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static Site stuck(SiteRunner site, CountDownLatch release) {
        return new Site() {
            @Override
            public String name() {
                return site.name();
            }

            @Override
            public Reply handle(Instruction instruction) {
                if (instruction instanceof org.fedhaem.federation.FitInstruction) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return site.handle(instruction);
            }
        };
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
