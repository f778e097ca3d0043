package org.fedhaem.federation;

import java.util.Objects;

/** Why a site's reply did not count in a round: in which {@code phase} and the {@code reason}. */
public record SiteFailure(String site, Phase phase, String reason) {

    /** The instruction that failed. */
    public enum Phase { FIT, EVALUATE }

    public SiteFailure {
        Messages.site(site);
        Objects.requireNonNull(phase, "phase");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a failure of site " + site + " needs a reason");
        }
    }
}
