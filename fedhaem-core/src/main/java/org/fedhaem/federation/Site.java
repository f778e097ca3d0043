package org.fedhaem.federation;

/** One site as a fleet sees it: a name and what it does with an instruction addressed to it. */
public interface Site {

    String name();

    /** Carries out {@code instruction}; may throw, which a fleet turns into a {@link Failure}. */
    Reply handle(Instruction instruction);
}
