package org.fedhaem.federation;

/** What the coordinator asks one site to do in one round; immutable, one per site per round. */
public sealed interface Instruction permits FitInstruction, EvaluateInstruction {

    /** The round, 1-based (0 may be used for an evaluation before training). */
    int round();

    /** The site the instruction is for. */
    String site();
}
