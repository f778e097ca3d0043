package org.fedhaem.data;

/** The standard normal distribution function, for mapping correlated normals to marginals. */
final class StandardNormal {
    private static final double LOG_SQRT_2PI = 0.91893853320467274178;

    private StandardNormal() {
    }

    /**
     * Phi(x) by Marsaglia's series (J. Stat. Softw. 2004, 11(4)): absolute error about 1e-15; 0 and 1 beyond 8.5
     * standard deviations, where Phi is within 1e-17 of them.
     */
    static double cdf(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("x is NaN");
        }
        if (x < -8.5) {
            return 0;
        }
        if (x > 8.5) {
            return 1;
        }
        double sum = x;
        double previous = 0;
        double term = x;
        double x2 = x * x;
        for (int i = 3; sum != previous; i += 2) {
            previous = sum;
            term *= x2 / i;
            sum += term;
        }
        return 0.5 + sum * Math.exp(-0.5 * x2 - LOG_SQRT_2PI);
    }
}
