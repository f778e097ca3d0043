package org.fedhaem.experiment;

/**
 * Student's t distribution through the regularized incomplete beta function: for t >= 0,
 * P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2). Quantiles invert that by bisection, which needs no
 * derivative and converges to the last bit; this is not a hot path.
 */
final class StudentT {
    // Lanczos approximation, g = 7, n = 9 (relative error of log-gamma about 1e-15).
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private StudentT() {
    }

    /** The p-quantile of t with {@code df} degrees of freedom (R {@code qt(p, df)}), for 0 < p < 1 and df > 0. */
    static double quantile(double p, double df) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        if (!(df > 0) || Double.isInfinite(df)) {
            throw new IllegalArgumentException("df must be finite and > 0, got " + df);
        }
        if (p < 0.5) {
            return -quantile(1 - p, df);
        }
        double upper = 1 - p;
        double lo = 0;
        double hi = 1;
        while (upperTail(hi, df) > upper) {
            lo = hi;
            hi *= 2;
        }
        while (true) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                return mid;
            }
            if (upperTail(mid, df) > upper) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
    }

    /** P(T > t) for t >= 0. */
    static double upperTail(double t, double df) {
        return 0.5 * regularizedBeta(df / (df + t * t), 0.5 * df, 0.5);
    }

    /** I_x(a, b), by the continued fraction of Numerical Recipes (6.4), on the side where it converges fast. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * betaFraction(x, a, b) / a;
        }
        return 1 - Math.exp(logFront) * betaFraction(1 - x, b, a) / b;
    }

    /** Modified Lentz evaluation of the continued fraction for I_x(a, b). */
    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + even * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + even / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + odd * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + odd / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta continued fraction did not converge for x=" + x + ", a=" + a
                + ", b=" + b);
    }

    static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /** log Gamma(x) for x > 0 (Lanczos; reflection is never needed here). */
    static double logGamma(double x) {
        if (x < 0.5) {
            // Gamma(x) = Gamma(x + 1) / x keeps the series argument >= 0.5.
            return logGamma(x + 1) - Math.log(x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
