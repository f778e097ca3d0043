package org.fedhaem.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fedhaem.data.Outcome;
import org.fedhaem.model.Network;
import org.fedhaem.model.NetworkSpec;
import org.fedhaem.model.Trainer;
import org.fedhaem.model.TrainingConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One DeepSurv training epoch in the seed study's setting: 3,542 rows x 36 features (synthetic, seeded), hidden
 * [32, 32, 32], batch norm, dropout 0.5, ReLU, no output bias, batch 512, Adam lr 1e-3, one thread.
 * Reference: PyTorch 1.13 on one CPU thread, median 23-25 ms per epoch on the project machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1"})
public class DeepSurvEpochBenchmark {
    private static final int ROWS = 3542;
    private static final int FEATURES = 36;

    private double[][] x;
    private Outcome.Survival outcome;
    private Network network;
    private TrainingConfig config;
    private long epoch;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(2024);
        x = new double[ROWS][FEATURES];
        double[] time = new double[ROWS];
        boolean[] event = new boolean[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double risk = 0;
            for (int j = 0; j < FEATURES; j++) {
                // 6 continuous (standardised) and 30 binary features, like the MDS set.
                x[i][j] = j < 6 ? rng.nextDouble(-2, 2) : (rng.nextDouble() < 0.15 ? 1 : 0);
                risk += (j % 3 == 0 ? 0.2 : -0.1) * x[i][j];
            }
            double t = -Math.log(1 - rng.nextDouble()) / Math.exp(risk);
            double c = rng.nextDouble(0, 3);
            time[i] = Math.min(t, c);
            event[i] = t <= c;
        }
        outcome = new Outcome.Survival(time, event);
        network = new Network(NetworkSpec.deepSurv(FEATURES), 1);
        config = TrainingConfig.deepSurv(1);
    }

    @Benchmark
    public double[] epoch() {
        return Trainer.fit(network, x, outcome, config, epoch++);
    }
}
