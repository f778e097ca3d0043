package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedhaem.grpc.tls.CertificateDirectory;

/**
 * A coordinator and the {@link SiteFiles#SITES}' agents, each a separate JVM started through the command line over
 * mutual TLS on a free loopback port, each logging to {@code tmp/<label>.log}; closing kills all still running.
 */
final class SiteProcesses implements AutoCloseable {
    private static final long WAIT_SECONDS = 180;

    private final Path tmp;
    private final Path tls;
    private final int port;
    private final List<Process> started = new ArrayList<>();

    /** Issues the coordinator's and the sites' certificates under {@code tmp/tls} and picks a free port. */
    SiteProcesses(Path tmp) throws IOException {
        this.tmp = tmp;
        this.tls = tmp.resolve("tls");
        CertificateDirectory certs = new CertificateDirectory(tls);
        certs.init(List.of(), false);
        for (String s : SiteFiles.SITES) {
            certs.issueSite(s, false);
        }
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
    }

    /** Starts {@code fedhaem serve experiment} on the port with {@code more} options, as {@code label}. */
    Process serve(String label, Path experiment, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", experiment.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--tls-dir", tls.toString(), "--wait", "120"));
        args.addAll(List.of(more));
        return start(label, args.toArray(String[]::new));
    }

    /** Starts every site's agent on its file under {@code sites}, labelled with its name; in the sites' order. */
    List<Process> sites(Path sites) throws IOException {
        List<Process> agents = new ArrayList<>();
        for (String s : SiteFiles.SITES) {
            agents.add(start(s, "site", "--coordinator", "127.0.0.1:" + port, "--name", s, "--data",
                    sites.resolve(s + ".csv").toString(), "--tls-dir", tls.toString()));
        }
        return agents;
    }

    /** Asserts that {@code process} finishes in time with exit code 0, showing its log if not. */
    void assertFinishes(String label, Process process) throws InterruptedException {
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as(label + " finished; log:\n" + log(label))
                .isTrue();
        assertThat(process.exitValue()).as(label + " exit code; log:\n" + log(label)).isZero();
    }

    /** {@link #assertFinishes} for each of the agents {@link #sites} started. */
    void assertSitesFinish(List<Process> agents) throws InterruptedException {
        for (int i = 0; i < agents.size(); i++) {
            assertFinishes(SiteFiles.SITES.get(i), agents.get(i));
        }
    }

    /** What {@code label} printed so far. */
    String log(String label) {
        try {
            return Files.readString(logFile(label));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private Process start(String label, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "org.fedhaem.cli.Main"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logFile(label).toFile()).start();
        started.add(process);
        return process;
    }

    private Path logFile(String label) {
        return tmp.resolve(label + ".log");
    }

    @Override
    public void close() {
        for (Process p : started) {
            p.destroyForcibly();
        }
    }
}
