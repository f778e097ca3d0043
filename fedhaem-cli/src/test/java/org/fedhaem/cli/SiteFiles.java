package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Per-site files written by {@code fedhaem split} from a synthetic cohort, for deployment tests. */
final class SiteFiles {
    /** The sites {@link #write} splits the cohort into, in the order of their shares. */
    static final List<String> SITES = List.of("site1", "site2", "site3");

    /** A cohort for {@link #write}: 600 rows of the synthetic SCD cohort with its binary label. */
    static final String SCD = """
            task = "binary"
            [data]
            synthetic = "scd"
            synthetic_rows = 600
            """;

    private SiteFiles() {
    }

    /** Splits the cohort the TOML fragment {@code cohort} declares into 50/30/20 % sites under {@code tmp/sites}. */
    static Path write(Path tmp, String cohort) throws IOException {
        Path toml = tmp.resolve("cohort.toml");
        Files.writeString(toml, """
                name = "cohort"
                seed = 11
                repeats = 1
                %s
                [split]
                sites = [0.5, 0.3, 0.2]
                """.formatted(cohort));
        Path dir = tmp.resolve("sites");
        Cli cli = Cli.run("split", toml.toString(), "--out", dir.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        return dir;
    }

    /** The sites' files under {@code dir} as the items of a TOML array of strings (absolute, forward slashes). */
    static String tomlList(Path dir) {
        List<String> files = new ArrayList<>();
        for (String s : SITES) {
            files.add("\"" + dir.resolve(s + ".csv").toAbsolutePath().toString().replace("\\", "/") + "\"");
        }
        return String.join(", ", files);
    }
}
