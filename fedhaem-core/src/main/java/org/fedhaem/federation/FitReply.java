package org.fedhaem.federation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.fedhaem.strategy.SiteUpdate;

/**
 * A site's trained parameters and counts ({@code update}, copied in and out) and its mean mini-batch loss in the
 * last local epoch ({@code trainLoss}, NaN when no batch ran). The values are not checked here: the coordinator
 * validates replies (length, finiteness, norm) and turns bad ones into failures.
 */
public record FitReply(int round, String site, SiteUpdate update, double trainLoss) implements Reply {

    public FitReply {
        Messages.round(round);
        Messages.site(site);
        Objects.requireNonNull(update, "update");
        if (!update.site().equals(site)) {
            throw new IllegalArgumentException("reply of site " + site + " carries an update of site "
                    + update.site());
        }
        update = copy(update);
    }

    @Override
    public SiteUpdate update() {
        return copy(update);
    }

    private static SiteUpdate copy(SiteUpdate u) {
        Map<String, double[]> extras = new LinkedHashMap<>();
        u.extras().forEach((k, v) -> extras.put(k, v.clone()));
        return new SiteUpdate(u.site(), u.parameters().clone(), u.examples(), u.steps(), extras);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FitReply r) || round != r.round || !site.equals(r.site)
                || Double.compare(trainLoss, r.trainLoss) != 0 || update.examples() != r.update.examples()
                || update.steps() != r.update.steps()
                || !Arrays.equals(update.parameters(), r.update.parameters())
                || !update.extras().keySet().equals(r.update.extras().keySet())) {
            return false;
        }
        for (var e : update.extras().entrySet()) {
            if (!Arrays.equals(e.getValue(), r.update.extras().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(round, site, Arrays.hashCode(update.parameters()), trainLoss);
    }

    @Override
    public String toString() {
        return "FitReply[round=" + round + ", site=" + site + ", " + update.parameters().length + " parameters, examples="
                + update.examples() + ", steps=" + update.steps() + ", extras=" + update.extras().keySet()
                + ", trainLoss=" + trainLoss + "]";
    }
}
