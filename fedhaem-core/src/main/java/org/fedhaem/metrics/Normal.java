package org.fedhaem.metrics;

/** The standard normal tail, for Wald p-values of fitted coefficients. */
public final class Normal {
    private static final double SQRT_PI = Math.sqrt(Math.PI);

    private Normal() {
    }

    /** P(|Z| >= |z|) for a standard normal Z, i.e. erfc(|z| / sqrt 2); relative error below 1e-12. */
    public static double twoSidedP(double z) {
        if (Double.isNaN(z)) {
            throw new IllegalArgumentException("z is NaN");
        }
        return erfc(Math.abs(z) / Math.sqrt(2));
    }

    /** erfc(x) for x >= 0: the Taylor series of erf below 2.1 (little cancellation there), else a continued fraction. */
    static double erfc(double x) {
        if (x < 2.1) {
            double term = x;
            double sum = x;
            double x2 = x * x;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return 1 - 2 / SQRT_PI * sum;
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated by modified Lentz.
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : 1 / d;
            c = x + a / c;
            if (c == 0) {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / SQRT_PI / f;
    }
}
