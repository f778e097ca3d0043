package org.fedhaem.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fedhaem.experiment.DeployedSite;
import org.fedhaem.experiment.ExperimentConfig;
import org.fedhaem.federation.Site;
import org.fedhaem.grpc.CertificateRefusedException;
import org.fedhaem.grpc.CoordinatorUntrustedException;
import org.fedhaem.grpc.SiteAgent;
import org.fedhaem.grpc.tls.CertificateDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedhaem site}: a hospital's site agent in a deployment. */
@Command(name = "site", mixinStandardHelpOptions = true, sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the coordinator finished and said goodbye",
                "1:an error (the message says which)",
                "2:wrong options",
                "3:the coordinator refused this site's certificate (wrong CA, name not on its allow-list)",
                "4:this site does not trust the coordinator's certificate (issued for another host name, by another "
                        + "CA, or expired)"},
        description = {"Serve a deployment as one site: dial out to the coordinator (no inbound port needed), prove "
                + "the site's identity with its certificate, receive the experiment, then train and evaluate on "
                + "the local data file and send back only parameters, counts and metrics, never a row.",
                "Retries while the coordinator cannot be reached; stops at once when the coordinator refuses the "
                        + "site's certificate (exit code 3) or the site does not trust the coordinator's (exit "
                        + "code 4): retrying cannot help either. See docs/deployment.md."})
final class SiteCommand implements Callable<Integer> {
    /** The exit code when the coordinator refuses the site's certificate. */
    static final int CERTIFICATE_REFUSED = 3;
    /** The exit code when this site does not trust the coordinator's certificate. */
    static final int COORDINATOR_UNTRUSTED = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--coordinator", required = true, paramLabel = "HOST:P", description = "The coordinator's "
            + "address, e.g. fl.hospital-a.example:7443.")
    String coordinator;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "This site's name (its "
            + "certificate's CN, listed in the experiment's [federation] sites).")
    String name;

    @Option(names = "--data", required = true, paramLabel = "LOCAL.csv", description = "This site's data file "
            + "(same columns as the experiment's; it never leaves this machine).")
    Path data;

    @Option(names = "--tls-dir", paramLabel = "DIR", description = "Folder with ca.pem, NAME.pem and NAME.key "
            + "(fedhaem certs issue). Required unless --insecure.")
    Path tlsDir;

    @Option(names = "--insecure", description = "No TLS, for a coordinator in --insecure mode on this machine only.")
    boolean insecure;

    @Override
    public Integer call() throws InterruptedException {
        if (!insecure && tlsDir == null) {
            throw new IllegalArgumentException("--tls-dir DIR is required (or --insecure for loopback experiments)");
        }
        if (!Files.isReadable(data)) {
            throw new IllegalArgumentException("--data " + data + ": no readable file there");
        }
        int colon = coordinator.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(coordinator.substring(colon + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            port = -1;
        }
        if (colon <= 0 || port < 1 || port > 65535) {
            throw new IllegalArgumentException("--coordinator must be HOST:PORT, got " + coordinator);
        }
        String host = coordinator.substring(0, colon);
        PrintWriter err = spec.commandLine().getErr();
        if (insecure) {
            err.println("fedhaem site: INSECURE MODE: no TLS; for a coordinator on this machine only");
        }
        SiteAgent.Options options = SiteAgent.Options.defaults();
        java.util.function.Function<SiteAgent.RegisterInfo, Site> site = info -> {
            // The agent logs the registration itself (again at every reconnection): say only what follows.
            err.println("fedhaem site " + info.site() + ": received the experiment; reading " + data);
            err.flush();
            return DeployedSite.open(experiment(info.experiment()), info.site(), data);
        };
        SiteAgent agent = insecure ? SiteAgent.insecure(host, port, name, site, options)
                : SiteAgent.secure(host, port, new CertificateDirectory(tlsDir).load(name), site, options);
        err.println("fedhaem site " + name + ": connecting to " + coordinator);
        err.flush();
        try (agent) {
            agent.run();
        } catch (CertificateRefusedException e) {
            err.println("fedhaem site: " + e.getMessage());
            err.flush();
            return CERTIFICATE_REFUSED;
        } catch (CoordinatorUntrustedException e) {
            err.println("fedhaem site: " + e.getMessage());
            err.println("fedhaem site: " + advice(e, port) + " Retrying cannot help: stopped.");
            err.flush();
            return COORDINATOR_UNTRUSTED;
        }
        spec.commandLine().getOut().println("fedhaem site " + name + ": the coordinator said goodbye; done");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** What to do about a coordinator certificate this site refused (the coordinator logs nothing of it). */
    private String advice(CoordinatorUntrustedException e, int port) {
        return switch (e.reason()) {
            case WRONG_HOST -> "connect with --coordinator " + e.certificateHosts().get(0) + ":" + port
                    + (e.certificateHosts().size() > 1 ? " (or another of its names)" : "")
                    + ", or have the federation operator issue the coordinator's certificate with --host "
                    + e.dialledHost() + " ('fedhaem certs init --host " + e.dialledHost() + " --force' makes a new "
                    + "CA: every site then needs a new certificate).";
            case OTHER_CA -> "the ca.pem in " + tlsDir + " is not the CA of this coordinator: get the federation's "
                    + "current ca.pem and this site's certificate from the federation operator (after 'fedhaem certs "
                    + "init --force' every site needs new ones), and check that --coordinator names this federation's "
                    + "coordinator.";
            case NOT_VALID_NOW -> "check the clocks of this machine and the coordinator's; an expired certificate "
                    + "needs a new one from the federation operator.";
            case OTHER -> "check that --coordinator names this federation's coordinator and that the ca.pem in "
                    + tlsDir + " is the federation's.";
        };
    }

    /** The experiment the coordinator sent (TOML text), read as an experiment file is. */
    private static ExperimentConfig experiment(String text) {
        if (text.isBlank()) {
            throw new IllegalStateException("the coordinator sent no experiment");
        }
        try {
            Path tmp = Files.createTempFile("fedhaem-experiment", ".toml");
            try {
                Files.writeString(tmp, text);
                return ExperimentConfig.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the experiment the coordinator sent", e);
        }
    }
}
