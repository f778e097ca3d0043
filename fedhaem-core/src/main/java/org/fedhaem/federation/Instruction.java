package org.fedhaem.federation;

/**
 * What the coordinator asks one site to do: in a round (immutable, one per site per round), or outside the rounds
 * for the federated statistics ({@link StatisticsInstruction}).
 */
public sealed interface Instruction permits FitInstruction, EvaluateInstruction, StatisticsInstruction {

    /** The round, 1-based (0 for an evaluation before training and for statistics). */
    int round();

    /** The site the instruction is for. */
    String site();
}
