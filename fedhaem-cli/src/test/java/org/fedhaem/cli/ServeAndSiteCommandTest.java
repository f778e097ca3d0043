package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fedhaem.grpc.GrpcFleet;
import org.fedhaem.grpc.tls.CertificateDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedhaem serve} and {@code fedhaem site}: their refusals and messages (the parity test runs them). */
class ServeAndSiteCommandTest {
    @TempDir
    Path tmp;

    private Path experiment(String federation) throws IOException {
        Path data = tmp.resolve("site1.csv");
        Files.writeString(data, "time,event,age\n1,1,50\n2,0,60\n");
        Path toml = tmp.resolve("e.toml");
        Files.writeString(toml, """
                task = "survival"
                regimes = ["federated"]
                [data]
                features = ["age"]
                [split]
                files = ["%s"]
                [model]
                type = "cox"
                %s
                """.formatted(data.toAbsolutePath().toString().replace("\\", "/"), federation));
        return toml;
    }

    @Test
    void helpNamesTheOptionsAndTheRefusedCertificateExitCode() {
        Cli serve = Cli.run("serve", "--help");
        assertThat(serve.exitCode()).isZero();
        assertThat(serve.out()).contains("--port", "--tls-dir", "--out", "--insecure", "--bind", "--wait");
        Cli site = Cli.run("site", "--help");
        assertThat(site.exitCode()).isZero();
        assertThat(site.out()).contains("--coordinator", "--name", "--data", "--tls-dir", "--insecure")
                .contains("3   the coordinator refused this site's certificate")
                .contains("4   this site does not trust the coordinator's certificate");
    }

    @Test
    void serveRefusesAnExperimentWithoutFederationSites() throws IOException {
        Cli cli = Cli.run("serve", experiment("").toString(), "--port", "0", "--insecure", "--out",
                tmp.resolve("run").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("a deployment needs [federation] sites");
    }

    @Test
    void serveRefusesAnExternalTestSetAtOnceAndSaysWhatToDoInstead() throws IOException {
        Path external = tmp.resolve("external.csv");
        Files.writeString(external, "time,event,age\n3,1,55\n");
        Path toml = experiment("[federation]\nsites = [\"site1\"]\n");
        Files.writeString(toml, Files.readString(toml).replace("[data]\n", "[data]\ntest_path = \""
                + external.toAbsolutePath().toString().replace("\\", "/") + "\"\n"));
        Cli cli = Cli.run("serve", toml.toString(), "--port", "0", "--insecure", "--wait", "60", "--out",
                tmp.resolve("run").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("data.test_path: a deployment has no external test set")
                .contains("split.test_fraction or split.cv_folds").doesNotContain("listening");
    }

    @Test
    void serveStopsWithTheMissingSitesWhenTheyDoNotConnectInTime() throws IOException {
        Cli cli = Cli.run("serve", experiment("[federation]\nsites = [\"site1\", \"site2\"]\n").toString(),
                "--port", "0", "--insecure", "--wait", "0.5", "--out", tmp.resolve("run").toString());
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("INSECURE MODE").contains("0 of the 2 sites needed registered")
                .contains("missing: [site1, site2]");
    }

    @Test
    void aSiteWhoseCertificateIsRefusedStopsWithExitCode3() throws Exception {
        CertificateDirectory federation = new CertificateDirectory(tmp.resolve("federation"));
        federation.init(List.of(), false);
        federation.issueSite("intruder", false);
        try (GrpcFleet fleet = GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress("127.0.0.1", 0), List.of("site1"), GrpcFleet.Options.defaults())) {
            experiment("");
            Cli cli = Cli.run("site", "--coordinator", "127.0.0.1:" + fleet.port(), "--name", "intruder", "--data",
                    tmp.resolve("site1.csv").toString(), "--tls-dir", federation.dir().toString());
            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(SiteCommand.CERTIFICATE_REFUSED);
            assertThat(cli.err()).contains("refused the certificate of site intruder");
        }
    }

    @Test
    void aSiteThatDoesNotTrustTheCoordinatorsHostNameSaysWhatToDoAndStopsWithExitCode4() throws Exception {
        CertificateDirectory federation = new CertificateDirectory(tmp.resolve("federation"));
        federation.init(List.of("fl.example.org"), false);
        federation.issueSite("site1", false);
        try (GrpcFleet fleet = GrpcFleet.secure(federation.load(CertificateDirectory.COORDINATOR),
                new InetSocketAddress("127.0.0.1", 0), List.of("site1"), GrpcFleet.Options.defaults())) {
            experiment("");
            Cli cli = Cli.run("site", "--coordinator", "127.0.0.1:" + fleet.port(), "--name", "site1", "--data",
                    tmp.resolve("site1.csv").toString(), "--tls-dir", federation.dir().toString());
            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(SiteCommand.COORDINATOR_UNTRUSTED);
            assertThat(cli.err()).contains("site site1 does not trust the coordinator at 127.0.0.1:" + fleet.port()
                            + ": its certificate is for fl.example.org, not 127.0.0.1")
                    .contains("connect with --coordinator fl.example.org:" + fleet.port())
                    .contains("issue the coordinator's certificate with --host 127.0.0.1")
                    .contains("Retrying cannot help: stopped.")
                    .doesNotContain("refused the certificate");
        }
    }

    @Test
    void aStoppedCoordinatorSaysHowToResumeOrThatThereIsNothingToResume() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("audit.jsonl"), "");
        assertThat(ServeCommand.stopped(run, "unused"))
                .startsWith("fedhaem serve: stopped before any round completed: nothing to resume, start again. ")
                .contains(run + " holds only the audit log");
        Files.writeString(run.resolve("checkpoint.json"), "{}");
        assertThat(ServeCommand.stopped(run, "./fedhaem serve e.toml --port 7443 --tls-dir federation/ --resume r"))
                .isEqualTo("fedhaem serve: stopped. " + run.resolve("checkpoint.json") + " holds every round "
                        + "completed so far; continue the run (the same experiment file and --set values; the sites "
                        + "keep retrying) with:" + System.lineSeparator()
                        + "  ./fedhaem serve e.toml --port 7443 --tls-dir federation/ --resume r");
    }

    @Test
    void theResumeCommandQuotesWordsForTheShell() {
        assertThat(ServeCommand.shellWord("runs/scd")).isEqualTo("runs/scd");
        assertThat(ServeCommand.shellWord("federation.sites=[\"site1\", \"site2\"]"))
                .isEqualTo("'federation.sites=[\"site1\", \"site2\"]'");
        assertThat(ServeCommand.shellWord("it's")).isEqualTo("'it'\\''s'");
        assertThat(ServeCommand.shellWord("")).isEqualTo("''");
    }

    @Test
    void aCoordinatorStoppedWhileWaitingForSitesSaysThereIsNothingToResume() throws Exception {
        Path toml = experiment("[federation]\nsites = [\"site1\"]\n");
        Path log = tmp.resolve("serve.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.fedhaem.cli.Main", "serve", toml.toString(), "--port",
                "0", "--insecure", "--out", tmp.resolve("run").toString());
        Process serve = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("waiting for") && System.nanoTime() < end && serve.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(Files.readString(log)).contains("waiting for");
            serve.destroy(); // SIGTERM, which runs the shutdown hooks as Ctrl-C's SIGINT does
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            serve.destroyForcibly();
        }
        assertThat(Files.readString(log)).contains("fedhaem serve: stopped before any round completed: nothing to "
                + "resume, start again. " + tmp.resolve("run") + " holds only the audit log");
        assertThat(Files.readString(tmp.resolve("run").resolve("audit.jsonl"))).isEmpty();
    }

    @Test
    void siteRefusesAMalformedCoordinatorAddress() throws IOException {
        experiment("");
        Cli cli = Cli.run("site", "--coordinator", "localhost", "--name", "site1", "--data",
                tmp.resolve("site1.csv").toString(), "--insecure");
        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("--coordinator must be HOST:PORT, got localhost");
    }
}
