package org.fedhaem.metrics;

/**
 * Pair counts of Harrell's C as R {@code survival::concordance} reports them: concordant, discordant, tied risk
 * ({@code tied.x}), tied event times ({@code tied.y}) and both tied ({@code tied.xy}). Counts of disjoint patient
 * sets add ({@link #plus}), which lets a coordinator pool C over sites without seeing any prediction; pairs
 * across sites are then not counted.
 */
public record Concordance(long concordant, long discordant, long tiedRisk, long tiedTime, long tiedBoth) {

    public static final Concordance EMPTY = new Concordance(0, 0, 0, 0, 0);

    public Concordance {
        if (concordant < 0 || discordant < 0 || tiedRisk < 0 || tiedTime < 0 || tiedBoth < 0) {
            throw new IllegalArgumentException("pair counts must be >= 0, got concordant=" + concordant
                    + " discordant=" + discordant + " tiedRisk=" + tiedRisk + " tiedTime=" + tiedTime
                    + " tiedBoth=" + tiedBoth);
        }
    }

    /** Pairs that enter C: concordant + discordant + tied risk. */
    public long comparable() {
        return concordant + discordant + tiedRisk;
    }

    /** (concordant + tiedRisk / 2) / comparable; undefined when no pair is comparable. */
    public MetricValue value() {
        return MetricValue.ratio(concordant + 0.5 * tiedRisk, comparable(),
                "no comparable pair (needs an event earlier than another patient's time)");
    }

    /** C as a double: NaN when no pair is comparable (see {@link #value()} for the reason). */
    public double c() {
        return value().value();
    }

    public Concordance plus(Concordance other) {
        return new Concordance(concordant + other.concordant, discordant + other.discordant,
                tiedRisk + other.tiedRisk, tiedTime + other.tiedTime, tiedBoth + other.tiedBoth);
    }
}
