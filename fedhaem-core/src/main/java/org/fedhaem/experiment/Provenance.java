package org.fedhaem.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What produced a result: fedhaem version, git commit, Java, operating system, processors, seed, command line and
 * when the run started (UTC, to the second; for a resumed deployment, when this process started it again).
 * <p>
 * The version is the jar manifest's {@code Implementation-Version} (the CLI's fat jar has it), else the version in
 * the jar's Maven {@code pom.properties}, else {@code "dev"} (classes run from an IDE or {@code target/classes}).
 * The commit is found at run time, not build time (that would need resource filtering in the pom): {@code git
 * rev-parse HEAD} in the folder the fedhaem classes were loaded from, so it names the checkout that built them
 * whatever the working directory; {@code -dirty} is appended when tracked files differ from that commit, and it is
 * {@code "unknown"} when that folder is not in a git checkout (an installed jar) or git is missing.
 */
public record Provenance(String fedhaemVersion, String gitCommit, String javaVersion, String javaVendor,
                         String osName, String osVersion, String osArch, int processors, long seed,
                         List<String> commandLine, Instant started) {
    static final String UNKNOWN = "unknown";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final long GIT_TIMEOUT_S = 10;

    public Provenance {
        for (String s : new String[] {fedhaemVersion, gitCommit, javaVersion, javaVendor, osName, osVersion, osArch}) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("provenance fields must not be empty (use \"unknown\"), got '"
                        + s + "'");
            }
        }
        if (processors < 1) {
            throw new IllegalArgumentException("processors must be >= 1, got " + processors);
        }
        commandLine = List.copyOf(commandLine);
        started = Objects.requireNonNull(started, "started").truncatedTo(ChronoUnit.SECONDS);
    }

    /** The provenance of this process for a run with {@code seed} started by {@code commandLine} at {@code started}. */
    public static Provenance collect(long seed, List<String> commandLine, Instant started) {
        return new Provenance(version(), gitCommit(codeFolder()), System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), seed, commandLine,
                started);
    }

    /** As results.json holds it (snake_case keys). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fedhaem_version", fedhaemVersion);
        m.put("git_commit", gitCommit);
        m.put("java_version", javaVersion);
        m.put("java_vendor", javaVendor);
        m.put("os_name", osName);
        m.put("os_version", osVersion);
        m.put("os_arch", osArch);
        m.put("processors", processors);
        m.put("seed", seed);
        m.put("command_line", commandLine);
        m.put("started", started.toString());
        return m;
    }

    static String version() {
        String manifest = Provenance.class.getPackage().getImplementationVersion();
        if (manifest != null && !manifest.isBlank()) {
            return manifest;
        }
        try (InputStream in = Provenance.class.getResourceAsStream(
                "/META-INF/maven/org.fedhaem/fedhaem-core/pom.properties")) {
            return in == null ? "dev" : versionFrom(in);
        } catch (IOException e) {
            return "dev";
        }
    }

    static String versionFrom(InputStream pomProperties) throws IOException {
        Properties p = new Properties();
        p.load(pomProperties);
        String v = p.getProperty("version");
        return v == null || v.isBlank() ? "dev" : v.trim();
    }

    /** The folder (or the jar's folder) the fedhaem classes were loaded from, or null. */
    private static Path codeFolder() {
        CodeSource source = Provenance.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path p = Path.of(source.getLocation().toURI());
            return Files.isDirectory(p) ? p : p.getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The HEAD commit of the git checkout holding {@code folder} (+ "-dirty"), or "unknown". */
    static String gitCommit(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            return UNKNOWN;
        }
        List<String> head = git(folder, "rev-parse", "HEAD");
        if (head == null || head.size() != 1 || !SHA.matcher(head.get(0)).matches()) {
            return UNKNOWN;
        }
        List<String> changes = git(folder, "status", "--porcelain", "--untracked-files=no");
        return changes == null ? head.get(0) : head.get(0) + (changes.isEmpty() ? "" : "-dirty");
    }

    /** The output lines of a git command that succeeded, else null. */
    private static List<String> git(Path folder, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", folder.toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(GIT_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
