package org.fedhaem.random;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Derives independent seeds from one root seed, per purpose and index (site, round, repeat...).
 * Every random stream in fedhaem comes from here, so results never depend on thread scheduling.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seed for {@code purpose} (e.g. "split", "init", "dropout") and indices such as site and round. */
    public static long derive(long root, String purpose, long... indices) {
        long h = mix(root ^ 0x9E3779B97F4A7C15L);
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xFF));
        }
        for (long i : indices) {
            h = mix(h ^ mix(i + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /** A generator for {@code purpose} and indices; same arguments, same stream. */
    public static SplittableRandom random(long root, String purpose, long... indices) {
        return new SplittableRandom(derive(root, purpose, indices));
    }

    /** The SplitMix64 finaliser: a bijection on 64-bit values with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
