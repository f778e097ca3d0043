package org.fedhaem.metrics;

/**
 * A metric that may be undefined (for example 0/0); an undefined value is NaN and always carries its reason, so a
 * missing number is never mistaken for 0 or 0.5.
 */
public record MetricValue(double value, String undefinedReason) {

    public MetricValue {
        if (undefinedReason == null && Double.isNaN(value)) {
            throw new IllegalArgumentException("a NaN metric value needs a reason");
        }
        if (undefinedReason != null && !Double.isNaN(value)) {
            throw new IllegalArgumentException("an undefined metric must be NaN, got " + value
                    + " with reason '" + undefinedReason + "'");
        }
    }

    public static MetricValue of(double value) {
        return new MetricValue(value, null);
    }

    public static MetricValue undefined(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an undefined metric needs a non-blank reason");
        }
        return new MetricValue(Double.NaN, reason);
    }

    /** {@code numerator / denominator}, undefined with {@code reason} when the denominator is 0. */
    static MetricValue ratio(double numerator, double denominator, String reason) {
        return denominator == 0 ? undefined(reason) : of(numerator / denominator);
    }

    public boolean isDefined() {
        return undefinedReason == null;
    }

    @Override
    public String toString() {
        return isDefined() ? Double.toString(value) : "undefined (" + undefinedReason + ")";
    }
}
