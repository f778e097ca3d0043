package org.fedhaem.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Locates {@code ../shared/data} (real cohorts and R oracle values, present in CI, absent in a user's fresh clone).
 * Tests call {@link #require()} and are skipped with a stated reason when the folder is missing.
 */
public final class SharedData {
    private static final String ABSENT = "../shared/data (R oracle values and real cohorts) is not present beside "
            + "this checkout; set FEDHAEM_SHARED_DATA to its path to run this test";
    // Surefire's console shows only a count of skipped tests; say once per test JVM why they are skipped.
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private SharedData() {
    }

    /** The shared data folder, or null when it is absent. */
    public static Path root() {
        String override = System.getenv("FEDHAEM_SHARED_DATA");
        if (override != null && !override.isBlank()) {
            return Files.isDirectory(Path.of(override)) ? Path.of(override) : null;
        }
        String repo = System.getProperty("fedhaem.root", ".");
        for (Path start = Path.of(repo).toAbsolutePath(); start != null; start = start.getParent()) {
            Path candidate = start.resolve("../shared/data").normalize();
            if (Files.isDirectory(candidate.resolve("r-datasets"))) {
                return candidate;
            }
        }
        return null;
    }

    /** The shared data folder; skips the calling test when it is absent. */
    public static Path require() {
        Path root = root();
        if (root == null && !TOLD.getAndSet(true)) {
            System.err.println("[fedhaem] " + ABSENT.replace("to run this test", "to run the tests skipped for it"));
        }
        assumeTrue(root != null, ABSENT);
        return root;
    }

    /** {@code ../shared/data/r-datasets}, skipping when absent. */
    public static Path rDatasets() {
        return require().resolve("r-datasets");
    }

    /** {@code ../shared/data/mds-iwgpm}, skipping when absent (these files must never be copied into the repo). */
    public static Path mds() {
        Path mds = require().resolve("mds-iwgpm");
        assumeTrue(Files.isDirectory(mds), "../shared/data/mds-iwgpm (IWG-PM MDS cohort) is not present");
        return mds;
    }
}
