package org.fedhaem.data;

import java.util.List;

/**
 * What a coordinator may ask one site during federated preprocessing ({@link Preprocessing#fitFromSummaries}):
 * its {@link SiteSummary} once, then rounds of {@link RankQuery} counts. {@link SiteColumns} answers in process;
 * a site behind a fleet answers the same questions by message ({@code org.fedhaem.federation.FederatedSetup}).
 */
public interface SiteStatistics {

    /** The site's name, for messages. */
    String site();

    /** The site's summary of its training rows. */
    SiteSummary summary();

    /** For each query, in order, how many observed training values of its column are {@code <=} its value. */
    int[] countAtMost(List<RankQuery> queries);
}
