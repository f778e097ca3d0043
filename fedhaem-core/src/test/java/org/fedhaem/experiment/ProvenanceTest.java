package org.fedhaem.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir
    Path dir;

    @Test
    void collectsThisProcess() {
        Provenance p = Provenance.collect(42, List.of("simulate", "mds.toml", "--set", "training.rounds=5"),
                Instant.parse("2026-11-28T03:04:05.678Z"));
        assertThat(p.javaVersion()).isEqualTo(System.getProperty("java.version"));
        assertThat(p.javaVendor()).isEqualTo(System.getProperty("java.vendor"));
        assertThat(p.osName()).isEqualTo(System.getProperty("os.name"));
        assertThat(p.osVersion()).isEqualTo(System.getProperty("os.version"));
        assertThat(p.osArch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(p.processors()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(p.seed()).isEqualTo(42);
        assertThat(p.commandLine()).containsExactly("simulate", "mds.toml", "--set", "training.rounds=5");
        // tests run from target/classes: no manifest, no pom.properties
        assertThat(p.fedhaemVersion()).isEqualTo("dev");
        assertThat(p.gitCommit()).matches("[0-9a-f]{40}(-dirty)?|unknown");
        assertThat(p.toMap()).containsEntry("seed", 42L).containsEntry("git_commit", p.gitCommit())
                .containsKeys("fedhaem_version", "java_version", "java_vendor", "os_name", "os_version", "os_arch",
                        "processors", "command_line");
        // ISO-8601 UTC to the second: a reader sees when, not a clock reading to the nanosecond.
        assertThat(p.toMap()).containsEntry("started", "2026-11-28T03:04:05Z");
    }

    @Test
    void versionFromPomProperties() throws IOException {
        String props = "artifactId=fedhaem-core\ngroupId=org.fedhaem\nversion=0.1.0-SNAPSHOT\n";
        assertThat(Provenance.versionFrom(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("0.1.0-SNAPSHOT");
        assertThat(Provenance.versionFrom(new ByteArrayInputStream(new byte[0]))).isEqualTo("dev");
    }

    @Test
    void gitCommitOfACheckoutAndDirtyState() throws Exception {
        Path repo = dir.resolve("repo");
        Path sub = Files.createDirectories(repo.resolve("target/classes"));
        Files.writeString(repo.resolve("a.txt"), "one\n");
        run(repo, "git", "init", "-q");
        run(repo, "git", "add", "a.txt");
        run(repo, "git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", "commit", "-q",
                "-m", "one");
        String head = run(repo, "git", "rev-parse", "HEAD").strip();
        assertThat(head).matches("[0-9a-f]{40}");
        assertThat(Provenance.gitCommit(sub)).isEqualTo(head);
        Files.writeString(repo.resolve("a.txt"), "two\n");
        assertThat(Provenance.gitCommit(sub)).isEqualTo(head + "-dirty");
    }

    @Test
    void noCheckoutIsUnknown() throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        assumeFalse(isInsideCheckout(plain), "the temporary folder " + plain + " is inside a git checkout");
        assertThat(Provenance.gitCommit(plain)).isEqualTo("unknown");
        assertThat(Provenance.gitCommit(null)).isEqualTo("unknown");
        assertThat(Provenance.gitCommit(dir.resolve("missing"))).isEqualTo("unknown");
    }

    private static boolean isInsideCheckout(Path p) {
        for (Path q = p.toAbsolutePath(); q != null; q = q.getParent()) {
            if (Files.exists(q.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void rejectsEmptyFields() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Provenance("dev", "", "17", "v", "Linux",
                "6", "amd64", 2, 1, List.of(), Instant.EPOCH)).getMessage()).contains("got ''");
        assertThat(assertThrows(IllegalArgumentException.class, () -> new Provenance("dev", "unknown", "17", "v",
                "Linux", "6", "amd64", 0, 1, List.of(), Instant.EPOCH)).getMessage()).isEqualTo("processors must be >= 1, got 0");
    }

    private static String run(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
