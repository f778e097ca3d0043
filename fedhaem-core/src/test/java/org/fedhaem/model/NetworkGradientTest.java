package org.fedhaem.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Analytic backprop against central finite differences, tensor by tensor, with a fixed dropout mask. */
class NetworkGradientTest {
    private static final int N = 14;
    private static final double STEP = 1e-6;

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (Activation act : Activation.values()) {
            for (boolean bn : new boolean[] {false, true}) {
                for (double dropout : new double[] {0.0, 0.3}) {
                    for (Ties ties : Ties.values()) {
                        list.add(Arguments.of(act, bn, dropout, ties, false));
                    }
                    list.add(Arguments.of(act, bn, dropout, null, true));
                }
            }
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} bn={1} dropout={2} ties={3} bias={4}")
    @MethodSource("cases")
    void backpropMatchesFiniteDifferences(Activation act, boolean bn, double dropout, Ties ties, boolean bias) {
        NetworkSpec spec = new NetworkSpec(3, new int[] {5, 4}, act, bn, dropout, bias);
        Network net = new Network(spec, 11);
        SplittableRandom data = new SplittableRandom(5);
        double[][] x = new double[N][3];
        double[] time = new double[N];
        boolean[] event = new boolean[N];
        boolean[] label = new boolean[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = data.nextDouble(-2, 2);
            }
            time[i] = 1 + data.nextInt(4); // few distinct times: ties, including tied events
            event[i] = data.nextDouble() < 0.7;
            label[i] = data.nextBoolean();
        }
        Objective f = ties == null
                ? (out, grad) -> grad == null ? LogisticLoss.value(out, label) : LogisticLoss.valueAndGradient(out, label, grad)
                : (out, grad) -> grad == null ? CoxLoss.value(out, time, event, ties)
                        : CoxLoss.valueAndGradient(out, time, event, ties, grad);

        double[] dOut = new double[N];
        f.eval(forward(net, x), dOut);
        net.backward(dOut, N);
        double[] analytic = net.gradient().clone();

        double[] w = net.weights();
        double[] numeric = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double keep = w[i];
            w[i] = keep + STEP;
            net.refreshTransposed();
            double up = f.eval(forward(net, x), null);
            w[i] = keep - STEP;
            net.refreshTransposed();
            double down = f.eval(forward(net, x), null);
            w[i] = keep;
            net.refreshTransposed();
            numeric[i] = (up - down) / (2 * STEP);
        }

        int offset = 0;
        int checked = 0;
        double worst = 0;
        for (Parameters.Tensor t : net.parameters().tensors()) {
            if (t.name().contains("running")) {
                continue;
            }
            int size = t.values().length;
            double maxDiff = 0;
            double scale = 0;
            for (int i = offset; i < offset + size; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(analytic[i] - numeric[i]));
                scale = Math.max(scale, Math.max(Math.abs(analytic[i]), Math.abs(numeric[i])));
            }
            if (t.name().endsWith("weight")) {
                assertThat(scale).as("gradient of %s is not identically zero", t.name()).isGreaterThan(1e-4);
            }
            if (scale < 1e-8) {
                // Structurally zero: the Cox loss ignores a common shift of all outputs, batch norm a bias before it.
                assertThat(maxDiff).as("both gradients of %s vanish", t.name()).isLessThan(1e-8);
            } else {
                assertThat(maxDiff / scale).as("relative error of %s", t.name()).isLessThan(1e-6);
            }
            worst = Math.max(worst, scale < 1e-8 ? 0 : maxDiff / scale);
            offset += size;
            checked++;
        }
        assertThat(offset).isEqualTo(w.length);
        assertThat(checked).isEqualTo((bn ? 8 : 4) + 1 + (bias ? 1 : 0));
        System.out.printf("gradient check %s bn=%s dropout=%s ties=%s: max relative error %.2e%n", act, bn, dropout,
                ties, worst);
    }

    // Same seed each call: the same dropout mask, so the loss is a deterministic function of the weights.
    private static double[] forward(Network net, double[][] x) {
        net.load(x, null, 0, x.length);
        net.forward(x.length, true, new SplittableRandom(3));
        return java.util.Arrays.copyOf(net.output(), x.length);
    }

    private interface Objective {
        double eval(double[] out, double[] grad);
    }
}
