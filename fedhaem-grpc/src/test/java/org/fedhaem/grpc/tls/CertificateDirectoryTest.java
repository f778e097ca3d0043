package org.fedhaem.grpc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of a federation folder: layout, permissions, no silent replacement, and loading with checks. */
class CertificateDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void initAndIssueWriteTheDocumentedLayoutWithPrivateKeys() throws Exception {
        Path dir = tmp.resolve("federation");
        CertificateDirectory d = new CertificateDirectory(dir);
        assertThat(d.init(List.of(), false)).containsExactly(dir.resolve("ca.key"), dir.resolve("ca.pem"),
                dir.resolve("coordinator.key"), dir.resolve("coordinator.pem"));
        assertThat(d.issueSite("site1", false)).containsExactly(dir.resolve("site1.key"), dir.resolve("site1.pem"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.key", "ca.pem",
                    "coordinator.key", "coordinator.pem", "site1.key", "site1.pem");
        }
        for (String name : List.of("ca", "coordinator", "site1")) {
            assertThat(permissions(dir.resolve(name + ".key"))).isEqualTo("rw-------");
            assertThat(permissions(dir.resolve(name + ".pem"))).isEqualTo("rw-r--r--");
            assertThat(Files.readString(dir.resolve(name + ".key"))).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(Files.readString(dir.resolve(name + ".pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        }
    }

    @Test
    void loadedIdentitiesChainToTheCaWithTheirNames() throws Exception {
        CertificateDirectory d = new CertificateDirectory(tmp);
        d.init(List.of("fl.example.org"), false);
        d.issueSite("site1", false);
        TlsIdentity site = d.load("site1");
        TlsIdentity coordinator = d.load("coordinator");
        assertThat(site.role()).isEqualTo(Role.SITE);
        assertThat(site.keyFile()).isEqualTo(tmp.resolve("site1.key"));
        assertThat(site.certificateFile()).isEqualTo(tmp.resolve("site1.pem"));
        assertThat(site.caFile()).isEqualTo(tmp.resolve("ca.pem"));
        assertThat(CertificateCheck.commonName(site.certificate())).isEqualTo("site1");
        FederationCaTest.pkix(site.certificate(), site.ca());
        assertThat(coordinator.role()).isEqualTo(Role.COORDINATOR);
        assertThat(coordinator.certificate().getSubjectAlternativeNames()).containsExactly(List.of(2,
                "fl.example.org"));
        assertThat(site.ca()).isEqualTo(coordinator.ca()).isEqualTo(d.loadCa().certificate());
    }

    @Test
    void existingFilesAreNeverReplacedWithoutForce() throws Exception {
        CertificateDirectory d = new CertificateDirectory(tmp);
        d.init(List.of(), false);
        d.issueSite("site1", false);
        String caKey = Files.readString(tmp.resolve("ca.key"));
        String siteKey = Files.readString(tmp.resolve("site1.key"));
        assertThatThrownBy(() -> d.init(List.of(), false)).isInstanceOf(TlsException.class)
                .hasMessageContaining(tmp.resolve("ca.key") + " exists already").hasMessageContaining("--force");
        assertThatThrownBy(() -> d.issueSite("site1", false)).isInstanceOf(TlsException.class)
                .hasMessageContaining(tmp.resolve("site1.key") + " exists already");
        assertThat(Files.readString(tmp.resolve("ca.key"))).isEqualTo(caKey);
        assertThat(Files.readString(tmp.resolve("site1.key"))).isEqualTo(siteKey);

        d.issueSite("site1", true);
        assertThat(Files.readString(tmp.resolve("site1.key"))).isNotEqualTo(siteKey);
        assertThat(permissions(tmp.resolve("site1.key"))).isEqualTo("rw-------");
        d.load("site1");
        d.init(List.of(), true);
        assertThat(Files.readString(tmp.resolve("ca.key"))).isNotEqualTo(caKey);
        // A new CA invalidates every certificate the old one issued.
        assertThatThrownBy(() -> d.load("site1")).hasMessageContaining("not trusted by the federation CA");
    }

    @Test
    void issuingNeedsTheCaKey() throws Exception {
        CertificateDirectory d = new CertificateDirectory(tmp);
        assertThatThrownBy(() -> d.issueSite("site1", false)).isInstanceOf(TlsException.class)
                .hasMessageContaining(tmp.resolve("ca.key") + ", which does not exist");
        d.init(List.of(), false);
        Files.delete(tmp.resolve("ca.pem"));
        assertThatThrownBy(() -> d.issueSite("site1", false)).hasMessage(tmp.resolve("ca.pem") + " does not exist");
        assertThat(tmp.resolve("site1.key")).doesNotExist();
    }

    @Test
    void badSiteNamesWriteNothing() throws Exception {
        CertificateDirectory d = new CertificateDirectory(tmp);
        d.init(List.of(), false);
        for (String bad : List.of("../site1", "ca", "site 1")) {
            assertThatThrownBy(() -> d.issueSite(bad, false)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        try (var files = Files.list(tmp)) {
            assertThat(files).hasSize(4);
        }
        assertThat(tmp.getParent().resolve("site1.key")).doesNotExist();
    }

    @Test
    void loadNamesTheMissingFile() throws Exception {
        CertificateDirectory d = new CertificateDirectory(tmp);
        assertThatThrownBy(() -> d.load("site1")).hasMessageStartingWith(tmp.resolve("ca.pem") + " does not exist");
        d.init(List.of(), false);
        assertThatThrownBy(() -> d.load("site1")).hasMessageStartingWith(tmp.resolve("site1.pem") + " does not exist")
                .hasMessageContaining("certs issue --name site1");
        d.issueSite("site1", false);
        Files.delete(tmp.resolve("site1.key"));
        assertThatThrownBy(() -> d.load("site1")).hasMessageStartingWith(tmp.resolve("site1.key") + " does not exist");
    }

    @Test
    void loadRefusesRenamedMismatchedOrExposedFiles() throws Exception {
        CertificateDirectory d = new CertificateDirectory(tmp);
        d.init(List.of(), false);
        d.issueSite("site1", false);
        d.issueSite("site2", false);
        // site1's files presented as site3: the CN gives them away.
        Files.copy(tmp.resolve("site1.pem"), tmp.resolve("site3.pem"));
        Files.copy(tmp.resolve("site1.key"), tmp.resolve("site3.key"), StandardCopyOption.COPY_ATTRIBUTES);
        assertThatThrownBy(() -> d.load("site3")).hasMessageContaining("for 'site1', not 'site3'");
        // site1's certificate with site2's key.
        Files.copy(tmp.resolve("site2.key"), tmp.resolve("site1.key"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        assertThatThrownBy(() -> d.load("site1")).hasMessageContaining("the key does not belong to the certificate");
        // A key others may read.
        Files.setPosixFilePermissions(tmp.resolve("site2.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> d.load("site2")).hasMessageContaining("accessible by other users")
                .hasMessageContaining("chmod 600 " + tmp.resolve("site2.key"));
        // The coordinator's certificate is not a site certificate, even under a site's name.
        Files.copy(tmp.resolve("coordinator.pem"), tmp.resolve("coordinator2.pem"));
        Files.copy(tmp.resolve("coordinator.key"), tmp.resolve("coordinator2.key"), StandardCopyOption.COPY_ATTRIBUTES);
        assertThatThrownBy(() -> d.load("coordinator2")).hasMessageContaining("not 'coordinator2'");
    }

    @Test
    void encryptedOrTraditionalKeysAreExplained() throws Exception {
        CertificateDirectory d = new CertificateDirectory(tmp);
        d.init(List.of(), false);
        d.issueSite("site1", false);
        String body = Files.readString(tmp.resolve("site1.key")).replace("BEGIN PRIVATE", "BEGIN ENCRYPTED PRIVATE")
                .replace("END PRIVATE", "END ENCRYPTED PRIVATE");
        Files.writeString(tmp.resolve("site1.key"), body);
        assertThatThrownBy(() -> d.load("site1")).hasMessageContaining("keys must be unencrypted");
        Files.writeString(tmp.resolve("site1.key"), "not a key\n");
        assertThatThrownBy(() -> d.load("site1")).hasMessageContaining("holds no PEM block");
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
