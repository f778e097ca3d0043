package org.fedhaem.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fedhaem.grpc.tls.CertificateCheck;
import org.fedhaem.grpc.tls.CertificateDirectory;
import org.fedhaem.grpc.tls.FederationCa;
import org.fedhaem.grpc.tls.Role;
import org.fedhaem.grpc.tls.TlsException;
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
                + "certificate issued so far: every site needs a new one (the site certificates in DIR are listed).")
        boolean force;

        @Override
        public Integer call() {
            CertificateDirectory d = new CertificateDirectory(dir);
            List<Path> files = d.init(hosts, force);
            List<String> invalid = sitesNotIssuedBy(d);
            TlsIdentity coordinator = d.load(CertificateDirectory.COORDINATOR);
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + files.get(0) + "  the authority's key: keep it private, it can admit anyone");
            out.println("wrote " + files.get(1) + "  the authority's certificate (valid until "
                    + until(d.loadCa().certificate()) + "): every site and the coordinator need a copy");
            out.println("wrote " + files.get(2) + "  the coordinator's key");
            out.println("wrote " + files.get(3) + "  the coordinator's certificate for "
                    + String.join(", ", hosts.isEmpty() ? FederationCa.DEFAULT_HOSTS : hosts) + " (valid until "
                    + until(coordinator.certificate()) + ")");
            if (!invalid.isEmpty()) {
                // --force made a new authority: the sites' certificates in this folder no longer chain to it.
                out.println("invalid now: the site certificates " + String.join(", ", invalid.stream()
                        .map(n -> n + ".pem").toList()) + " in " + dir + " were issued by the replaced authority; "
                        + "no coordinator of the new one accepts them");
                out.println("next: re-issue each ('fedhaem certs issue --dir " + dir + " --name " + invalid.get(0)
                        + " --force', and so on) and send every site its new key and certificate and the new "
                        + "ca.pem; or move the old files aside");
            } else {
                out.println("next: issue a certificate per site with 'fedhaem certs issue --dir " + dir
                        + " --name site1'");
            }
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

    /** The sites whose certificate ({@code <name>.pem}) in {@code d} the folder's CA did not issue, sorted. */
    static List<String> sitesNotIssuedBy(CertificateDirectory d) {
        X509Certificate ca = d.loadCa().certificate();
        List<String> invalid = new ArrayList<>();
        try (DirectoryStream<Path> pems = Files.newDirectoryStream(d.dir(), "*.pem")) {
            for (Path pem : pems) {
                String file = pem.getFileName().toString();
                String name = file.substring(0, file.length() - ".pem".length());
                if (name.equals(CertificateDirectory.CA) || name.equals(CertificateDirectory.COORDINATOR)) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(pem)) {
                    X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(in);
                    CertificateCheck.verify(c, ca, String.valueOf(CertificateCheck.commonName(c)), Role.SITE);
                } catch (GeneralSecurityException | TlsException e) {
                    invalid.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + d.dir(), e);
        }
        invalid.sort(null);
        return invalid;
    }

    private static LocalDate until(X509Certificate c) {
        return c.getNotAfter().toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }
}
