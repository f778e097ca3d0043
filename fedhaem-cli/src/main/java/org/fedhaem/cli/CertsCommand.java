package org.fedhaem.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedhaem.grpc.tls.CertificateDirectory;
import org.fedhaem.grpc.tls.FederationCa;
import org.fedhaem.grpc.tls.TlsIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fedhaem certs}: the federation's certificate authority and the coordinator's and sites' certificates. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        subcommands = {CertsCommand.Init.class, CertsCommand.Issue.class},
        description = {"Create the federation's certificates for mutual TLS (plain PEM files, see docs/deployment.md).",
                "  init   a new certificate authority and the coordinator's key and certificate",
                "  issue  a site's key and certificate, signed by the authority in the same folder"})
final class CertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which: certs init or certs issue");
    }

    @Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Create a federation certificate authority (ca.pem, ca.key) and the coordinator's key and "
                    + "certificate (coordinator.pem, coordinator.key) in DIR. Keys are written with permissions 0600."})
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder for the files (created).")
        Path dir;

        @Option(names = "--host", paramLabel = "NAME", split = ",",
                description = "A DNS name or IP address the coordinator is reached at (repeat for several; "
                        + "default: localhost and 127.0.0.1).")
        List<String> hosts = new ArrayList<>();

        @Option(names = "--force", description = "Replace existing files. A new authority invalidates every "
                + "certificate issued so far: every site needs a new one.")
        boolean force;

        @Override
        public Integer call() {
            CertificateDirectory d = new CertificateDirectory(dir);
            List<Path> files = d.init(hosts, force);
            TlsIdentity coordinator = d.load(CertificateDirectory.COORDINATOR);
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + files.get(0) + "  the authority's key: keep it private, it can admit anyone");
            out.println("wrote " + files.get(1) + "  the authority's certificate (valid until "
                    + until(d.loadCa().certificate()) + "): every site and the coordinator need a copy");
            out.println("wrote " + files.get(2) + "  the coordinator's key");
            out.println("wrote " + files.get(3) + "  the coordinator's certificate for "
                    + String.join(", ", hosts.isEmpty() ? FederationCa.DEFAULT_HOSTS : hosts) + " (valid until "
                    + until(coordinator.certificate()) + ")");
            out.println("next: issue a certificate per site with 'fedhaem certs issue --dir " + dir
                    + " --name site1'");
            out.flush();
            return 0;
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Issue a site's key and certificate (NAME.key, NAME.pem; the certificate's name is NAME) "
                    + "with the authority in DIR, which must hold ca.key and ca.pem."})
    static final class Issue implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder with ca.pem and ca.key.")
        Path dir;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The site's name: 1 to 64 of A-Z a-z 0-9 . _ - (as listed in [federation] sites).")
        String name;

        @Option(names = "--force", description = "Replace the site's existing key and certificate.")
        boolean force;

        @Override
        public Integer call() {
            CertificateDirectory d = new CertificateDirectory(dir);
            List<Path> files = d.issueSite(name, force);
            TlsIdentity site = d.load(name);
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + files.get(0) + "  " + name + "'s key");
            out.println("wrote " + files.get(1) + "  " + name + "'s certificate (valid until "
                    + until(site.certificate()) + ")");
            out.println("next: give " + name + " the files " + files.get(0).getFileName() + ", "
                    + files.get(1).getFileName() + " and ca.pem (the key over a private channel), in one folder with "
                    + "the key readable only by the agent's user (chmod 600); name it \"" + name
                    + "\" in the experiment's [federation] sites");
            out.flush();
            return 0;
        }
    }

    private static LocalDate until(X509Certificate c) {
        return c.getNotAfter().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }
}
