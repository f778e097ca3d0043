package org.fedhaem.federation;

import java.util.Objects;

/**
 * A site's evaluation of the global model on its own test set ({@code evaluation}) and, when the site holds one,
 * on the external test set ({@code external}, null otherwise).
 */
public record EvaluateReply(int round, String site, SiteEvaluation evaluation, SiteEvaluation external)
        implements Reply {

    public EvaluateReply {
        Messages.round(round);
        Messages.site(site);
        Objects.requireNonNull(evaluation, "evaluation");
    }

    /** A reply without an external test set. */
    public EvaluateReply(int round, String site, SiteEvaluation evaluation) {
        this(round, site, evaluation, null);
    }
}
