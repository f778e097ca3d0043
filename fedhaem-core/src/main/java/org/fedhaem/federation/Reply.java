package org.fedhaem.federation;

/** What a site (or the fleet on its behalf) answers to one instruction. */
public sealed interface Reply permits FitReply, EvaluateReply, StatisticsReply, Failure {

    int round();

    String site();
}
