package org.fedhaem.federation;

import java.util.List;

/** The per-round records of a federated run, in round order. */
public record History(List<RoundRecord> rounds) {

    public History {
        rounds = List.copyOf(rounds);
        for (int i = 1; i < rounds.size(); i++) {
            if (rounds.get(i).round() <= rounds.get(i - 1).round()) {
                throw new IllegalArgumentException("rounds must increase, got " + rounds.get(i - 1).round()
                        + " then " + rounds.get(i).round());
            }
        }
    }

    /** The record of {@code round}. */
    public RoundRecord round(int round) {
        for (RoundRecord r : rounds) {
            if (r.round() == round) {
                return r;
            }
        }
        throw new IllegalArgumentException("no round " + round + " in this history");
    }

    /** The last evaluated round's record, or null when no round was evaluated. */
    public RoundRecord lastEvaluated() {
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (rounds.get(i).evaluated()) {
                return rounds.get(i);
            }
        }
        return null;
    }
}
