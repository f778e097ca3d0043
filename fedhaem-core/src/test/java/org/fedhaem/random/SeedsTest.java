package org.fedhaem.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void sameInputsSameSeedDifferentInputsDifferentSeeds() {
        assertThat(Seeds.derive(42, "split", 1, 2)).isEqualTo(Seeds.derive(42, "split", 1, 2));
        Set<Long> seen = new HashSet<>();
        for (int site = 0; site < 20; site++) {
            for (int round = 0; round < 20; round++) {
                seen.add(Seeds.derive(42, "train", site, round));
            }
        }
        seen.add(Seeds.derive(42, "init"));
        seen.add(Seeds.derive(43, "init"));
        seen.add(Seeds.derive(42, "initx"));
        assertThat(seen).hasSize(403);
        assertThat(Seeds.derive(42, "x", 1, 2)).isNotEqualTo(Seeds.derive(42, "x", 2, 1));
    }

    @Test
    void streamsAreReproducible() {
        assertThat(Seeds.random(7, "dropout", 3).nextLong()).isEqualTo(Seeds.random(7, "dropout", 3).nextLong());
    }
}
