package org.fedhaem.experiment;

/** Numbers for results.json: a value that cannot be computed is null, never NaN or a silent 0. */
final class Json {
    private Json() {
    }

    static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static Double[] numbers(double[] v) {
        Double[] out = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = number(v[i]);
        }
        return out;
    }
}
