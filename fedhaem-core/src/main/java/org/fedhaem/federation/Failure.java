package org.fedhaem.federation;

/** A site that could not answer an instruction (error, crash, deadline missed), with the reason. */
public record Failure(int round, String site, String reason) implements Reply {

    public Failure {
        Messages.round(round);
        Messages.site(site);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a failure of site " + site + " needs a reason");
        }
    }
}
