package org.fedhaem.federation;

import java.util.List;

/**
 * Delivers instructions to sites and collects their replies: the seam between the round loop and the transport
 * (threads in one process, or gRPC). A fleet never throws for a site's problem: an exception, a crash, a lost
 * connection or a missed deadline becomes a {@link Failure} for that instruction. A fleet with deadlines returns
 * when they expire, so a round never waits forever.
 */
public interface Fleet {

    /** The site names in their fixed order (a site's position is its index for seeds and aggregation order). */
    List<String> sites();

    /** One reply per instruction, in instruction order. */
    List<Reply> send(List<? extends Instruction> instructions);
}
