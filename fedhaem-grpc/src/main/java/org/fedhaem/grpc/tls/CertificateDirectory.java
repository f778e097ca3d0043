package org.fedhaem.grpc.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A folder of the federation's PEM files: {@code ca.pem} and {@code ca.key} (the CA), {@code coordinator.pem} and
 * {@code coordinator.key}, and {@code <site>.pem} and {@code <site>.key} per site. Creating files never replaces an
 * existing one unless forced; every error names the file.
 */
public final class CertificateDirectory {
    /** Base name of the CA's files. */
    public static final String CA = "ca";
    /** Base name of the coordinator's files, and its certificate's CN. */
    public static final String COORDINATOR = FederationCa.COORDINATOR_NAME;

    private final Path dir;

    public CertificateDirectory(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Path dir() {
        return dir;
    }

    /** {@code <name>.pem}: a certificate. */
    public Path certificateFile(String name) {
        return dir.resolve(name + ".pem");
    }

    /** {@code <name>.key}: a private key. */
    public Path keyFile(String name) {
        return dir.resolve(name + ".key");
    }

    /**
     * Creates a new CA and the coordinator's key and certificate for {@code hosts} (empty: localhost and
     * 127.0.0.1), creating the folder if needed.
     *
     * @return the files written: ca.key, ca.pem, coordinator.key, coordinator.pem
     * @throws TlsException naming a file that exists already, unless {@code force}
     * @throws IllegalArgumentException naming a host that is neither an IP address nor a DNS name
     */
    public List<Path> init(List<String> hosts, boolean force) {
        List<Path> files = List.of(keyFile(CA), certificateFile(CA), keyFile(COORDINATOR),
                certificateFile(COORDINATOR));
        refuseToReplace(files, force);
        FederationCa ca = FederationCa.create();
        Credentials coordinator = ca.issueCoordinator(hosts);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TlsException("cannot create the folder " + dir + ": " + e.getMessage(), e);
        }
        write(CA, ca.credentials());
        write(COORDINATOR, coordinator);
        return files;
    }

    /**
     * Issues site {@code name}'s key and certificate with the CA in this folder.
     *
     * @return the files written: {@code <name>.key}, {@code <name>.pem}
     * @throws IllegalArgumentException naming an invalid site name
     * @throws TlsException naming ca.key or ca.pem when missing, or a file that exists already unless {@code force}
     */
    public List<Path> issueSite(String name, boolean force) {
        SiteNames.require(name);
        FederationCa ca = loadCa();
        List<Path> files = List.of(keyFile(name), certificateFile(name));
        refuseToReplace(files, force);
        write(name, ca.issueSite(name));
        return files;
    }

    /** The CA's key and certificate, which must belong together; needed only to issue certificates. */
    public FederationCa loadCa() {
        Path keyFile = keyFile(CA);
        if (!Files.exists(keyFile)) {
            throw new TlsException("issuing a certificate needs the CA's key " + keyFile + ", which does not exist: "
                    + "run 'fedhaem certs init --dir " + dir + "' first, or issue where ca.key is kept");
        }
        X509Certificate certificate = PemFiles.readCertificate(certificateFile(CA));
        PrivateKey key = PemFiles.readKey(keyFile);
        CertificateCheck.requireMatchingKey(key, certificate, keyFile.toString());
        return new FederationCa(new Credentials(key, certificate));
    }

    /**
     * The identity of {@code name} ({@value #COORDINATOR} or a site): its key, certificate and the CA, checked to
     * belong together, to chain to the CA and to carry CN = {@code name} and the role's extended key usage.
     *
     * @throws TlsException naming the missing or unusable file, or what does not match
     */
    public TlsIdentity load(String name) {
        Role role = name.equals(COORDINATOR) ? Role.COORDINATOR : Role.SITE;
        if (role == Role.SITE) {
            SiteNames.require(name);
        }
        Path caFile = certificateFile(CA);
        Path certificateFile = certificateFile(name);
        Path keyFile = keyFile(name);
        for (Path p : List.of(caFile, certificateFile, keyFile)) {
            if (!Files.exists(p)) {
                throw new TlsException(p + " does not exist: " + (p.equals(caFile)
                        ? "copy the federation's ca.pem into " + dir
                        : "issue it with 'fedhaem certs " + (role == Role.SITE ? "issue --name " + name : "init")
                                + "' and copy it into " + dir));
            }
        }
        X509Certificate ca = PemFiles.readCertificate(caFile);
        X509Certificate certificate = PemFiles.readCertificate(certificateFile);
        PrivateKey key = PemFiles.readKey(keyFile);
        try {
            CertificateCheck.verify(certificate, ca, name, role);
        } catch (TlsException e) {
            throw new TlsException(certificateFile + ": " + e.getMessage(), e);
        }
        CertificateCheck.requireMatchingKey(key, certificate, keyFile + " and " + certificateFile);
        return new TlsIdentity(name, role, keyFile, certificateFile, caFile, key, certificate, ca);
    }

    private static void refuseToReplace(List<Path> files, boolean force) {
        if (force) {
            return;
        }
        for (Path p : files) {
            if (Files.exists(p)) {
                throw new TlsException(p + " exists already; nothing was written (use --force to replace it and "
                        + "the files beside it)");
            }
        }
    }

    private void write(String name, Credentials c) {
        PemFiles.writeKey(keyFile(name), c.key());
        PemFiles.writeCertificate(certificateFile(name), c.certificate());
    }
}
