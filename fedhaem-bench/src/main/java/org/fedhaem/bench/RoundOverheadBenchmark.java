package org.fedhaem.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fedhaem.federation.EvaluateInstruction;
import org.fedhaem.federation.EvaluateReply;
import org.fedhaem.federation.FitInstruction;
import org.fedhaem.federation.FitReply;
import org.fedhaem.federation.Fleet;
import org.fedhaem.federation.Instruction;
import org.fedhaem.federation.Reply;
import org.fedhaem.federation.RoundLoop;
import org.fedhaem.federation.Site;
import org.fedhaem.federation.SiteEvaluation;
import org.fedhaem.grpc.GrpcFleet;
import org.fedhaem.grpc.SiteAgent;
import org.fedhaem.grpc.tls.CertificateDirectory;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.model.Network;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.simulation.InMemoryFleet;
import org.fedhaem.strategy.FitSettings;
import org.fedhaem.strategy.SiteUpdate;
import org.fedhaem.strategy.Strategies;
import org.fedhaem.strategy.Strategy;
import org.fedhaem.strategy.StrategyState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The coordination overhead of one round: a coordinator and three sites whose training and evaluation take no
 * time, so the round's wall time is all overhead (the round's wall time minus the slowest site's compute, with that
 * compute zero). A site answers a fit with a DeepSurv-size parameter vector (36 features, hidden [32, 32, 32],
 * batch norm) and an evaluation with pair counts; the coordinator validates the replies and aggregates with FedAvg
 * through {@link RoundLoop#round}.
 *
 * <p>{@code grpc}: a {@link GrpcFleet} with mutual TLS on 127.0.0.1 and three {@link SiteAgent}s in threads of this
 * JVM (serialise, send, long-poll wake-up, reply, deserialise, validate, aggregate). {@code memory}: the
 * {@link InMemoryFleet} of a simulation, the floor. For scale: Flower 1.23's legacy gRPC server spends about
 * 10-15 ms per fit-only round with 3 clients beyond compute.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
public class RoundOverheadBenchmark {
    private static final int FEATURES = 36;
    private static final List<String> SITES = List.of("site1", "site2", "site3");
    private static final FitSettings BASE = new FitSettings(1, 32, 0.01, 0, null);

    @Param({"grpc", "memory"})
    public String fleet;

    private Path certificates;
    private Fleet transport;
    private final List<SiteAgent> agents = new ArrayList<>();
    private final List<Thread> agentThreads = new ArrayList<>();
    private RoundLoop fitOnly;
    private RoundLoop fitAndEvaluate;
    private Strategy strategy;
    private double[] global;
    private StrategyState state;
    private int round;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Network network = new Network(NetworkSpec.deepSurv(FEATURES), 1);
        global = network.parameters().flatten();
        strategy = Strategies.create("fedavg", null, network.trainableMask());
        state = strategy.initialState(global);
        List<Site> sites = new ArrayList<>();
        for (String name : SITES) {
            sites.add(new InstantSite(name));
        }
        transport = switch (fleet) {
            case "grpc" -> grpc(sites);
            case "memory" -> new InMemoryFleet(sites, SITES.size());
            default -> throw new IllegalArgumentException("unknown fleet " + fleet);
        };
        // evalEvery beyond any round reached: fit only.
        fitOnly = new RoundLoop(transport, new RoundLoop.Options(Integer.MAX_VALUE, RoundLoop.DEFAULT_MAX_UPDATE_NORM));
        fitAndEvaluate = new RoundLoop(transport, RoundLoop.Options.defaults());
    }

    private GrpcFleet grpc(List<Site> sites) throws InterruptedException, IOException {
        certificates = Files.createTempDirectory("fedhaem-bench-certs");
        CertificateDirectory federation = new CertificateDirectory(certificates);
        federation.init(List.of(), false);
        for (String name : SITES) {
            federation.issueSite(name, false);
        }
        GrpcFleet grpc = GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SITES,
                new GrpcFleet.Options(Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(60), ""));
        for (Site site : sites) {
            SiteAgent agent = SiteAgent.secure("127.0.0.1", grpc.port(), federation.load(site.name()), info -> site,
                    SiteAgent.Options.defaults());
            agents.add(agent);
            Thread thread = new Thread(() -> {
                try {
                    agent.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-" + site.name());
            thread.setDaemon(true);
            thread.start();
            agentThreads.add(thread);
        }
        grpc.awaitSites(SITES.size(), Duration.ofSeconds(30));
        return grpc;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (transport instanceof AutoCloseable closeable) {
            closeable.close();
        }
        for (SiteAgent agent : agents) {
            agent.close();
        }
        for (Thread thread : agentThreads) {
            thread.join(5_000);
        }
        agents.clear();
        agentThreads.clear();
        if (certificates != null) {
            try (Stream<Path> files = Files.walk(certificates)) {
                files.sorted(Comparator.reverseOrder()).forEach(RoundOverheadBenchmark::delete);
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One fit-only round: instructions out, three parameter vectors back, validated and averaged. */
    @Benchmark
    public RoundLoop.Step fitRound() {
        return fitOnly.round(strategy, ++round, Integer.MAX_VALUE, global, state, BASE, 7, null);
    }

    /** One round with the evaluation of the new global model at every site (a second exchange). */
    @Benchmark
    public RoundLoop.Step fitEvaluateRound() {
        return fitAndEvaluate.round(strategy, ++round, Integer.MAX_VALUE, global, state, BASE, 7, null);
    }

    /** A site that trains and evaluates in no time: it returns the global model and fixed pair counts. */
    private record InstantSite(String name) implements Site {
        @Override
        public Reply handle(Instruction instruction) {
            if (instruction instanceof FitInstruction fit) {
                return new FitReply(fit.round(), name, new SiteUpdate(name, fit.global(), 1000, 2, null), 0.5);
            }
            if (instruction instanceof EvaluateInstruction evaluate) {
                return new EvaluateReply(evaluate.round(), name,
                        new SiteEvaluation.Survival(300, 120, new Concordance(20_000, 8_000, 10, 50, 2)));
            }
            throw new IllegalArgumentException("unexpected instruction " + instruction);
        }
    }
}
