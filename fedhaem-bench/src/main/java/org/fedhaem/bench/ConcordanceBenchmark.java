package org.fedhaem.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fedhaem.metrics.Concordance;
import org.fedhaem.metrics.HarrellC;
import org.fedhaem.random.Seeds;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Harrell's C: the O(n log n) sweep at 10,000 and 100,000 patients, and the O(n^2) reference at 10,000 (at
 * 100,000 it would take about 100 times longer). Times are whole days and risks have 3 decimals, so both kinds of
 * ties occur.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConcordanceBenchmark {

    /** Cohorts of 10,000 and 100,000 patients for the fast sweep. */
    @State(Scope.Benchmark)
    public static class Cohort {
        @Param({"10000", "100000"})
        int n;
        Data data;

        @Setup(Level.Trial)
        public void setUp() {
            data = new Data(n);
        }
    }

    /** A cohort of 10,000 patients for the O(n^2) reference. */
    @State(Scope.Benchmark)
    public static class SmallCohort {
        Data data;

        @Setup(Level.Trial)
        public void setUp() {
            data = new Data(10_000);
        }
    }

    record Data(double[] time, boolean[] event, double[] risk) {
        Data(int n) {
            this(new double[n], new boolean[n], new double[n]);
            SplittableRandom rng = Seeds.random(2026, "concordance-benchmark", n);
            for (int i = 0; i < n; i++) {
                risk[i] = Math.round(rng.nextGaussian() * 1000) / 1000.0;
                time[i] = Math.ceil(-Math.log(rng.nextDouble()) * 365 * Math.exp(-risk[i]));
                event[i] = rng.nextDouble() < 0.6;
            }
        }
    }

    @Benchmark
    public Concordance fast(Cohort cohort) {
        Data d = cohort.data;
        return HarrellC.concordance(d.time(), d.event(), d.risk());
    }

    @Benchmark
    public Concordance bruteForce(SmallCohort cohort) {
        Data d = cohort.data;
        return HarrellC.concordanceBruteForce(d.time(), d.event(), d.risk());
    }
}
