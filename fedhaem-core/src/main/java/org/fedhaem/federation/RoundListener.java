package org.fedhaem.federation;

import java.util.List;

/** Progress of a round loop, e.g. for a progress line; called on the loop's thread. */
public interface RoundListener {

    /** A listener that ignores every event. */
    RoundListener NONE = new RoundListener() {
    };

    /** Round {@code round} of {@code rounds} starts with the {@code selected} sites. */
    default void roundStarted(int round, int rounds, List<String> selected) {
    }

    /** Round {@code record.round()} of {@code rounds} is done. */
    default void roundFinished(RoundRecord record, int rounds) {
    }
}
