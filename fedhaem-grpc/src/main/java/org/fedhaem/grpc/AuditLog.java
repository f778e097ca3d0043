package org.fedhaem.grpc;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the coordinator records every protocol message it sends to or receives from a site: what it was, never what
 * it said. {@link GrpcFleet} records a message before acting on it (an instruction before it leaves, a reply before
 * it reaches the aggregate), so a message that cannot be recorded is not delivered. Implementations are called
 * from many threads at once.
 */
public interface AuditLog {
    /** Records nothing (tests and embedded use). */
    AuditLog NONE = message -> {
    };

    void record(Message message);

    /** Which way a message travelled, seen from the coordinator. */
    enum Direction {
        TO_SITE, FROM_SITE;

        /** {@code to_site} or {@code from_site}. */
        public String label() {
            return this == TO_SITE ? "to_site" : "from_site";
        }
    }

    /**
     * One message.
     *
     * @param round  the training round of the instruction (answered), 0 for statistics outside the rounds; null
     *               for messages of no round (register, goodbye) and for a reply the coordinator no longer waited for
     * @param kind   e.g. {@code fit}, {@code statistics:summarise}, {@code fit_reply}, {@code failure}, {@code register}
     * @param bytes  the serialized size of the protobuf message
     * @param sha256 lower-case hex SHA-256 of the packed little-endian parameter bytes, or null when the message carries
     *               no parameter vector
     */
    record Message(Instant time, Direction direction, String site, Integer round, String kind, long bytes,
                   String sha256) {
        private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

        public Message {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(kind, "kind");
            if (round != null && round < 0) {
                throw new IllegalArgumentException("round must be >= 0, got " + round);
            }
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
            }
            if (sha256 != null && !HEX.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
            }
        }
    }
}
