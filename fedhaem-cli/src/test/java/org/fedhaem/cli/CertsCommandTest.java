package org.fedhaem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.fedhaem.grpc.tls.CertificateCheck;
import org.fedhaem.grpc.tls.CertificateDirectory;
import org.fedhaem.grpc.tls.TlsIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fedhaem certs init} and {@code issue} as a federation operator uses them. */
class CertsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void initThenIssueWritesLoadableFilesAndSaysWhatNext() throws Exception {
        Path dir = tmp.resolve("fed");
        Cli init = Cli.run("certs", "init", "--dir", dir.toString(), "--host", "fl.example.org", "--host", "10.0.0.2");
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("wrote " + dir.resolve("ca.key")).contains("wrote " + dir.resolve("ca.pem"))
                .contains("wrote " + dir.resolve("coordinator.key")).contains("fl.example.org, 10.0.0.2")
                .contains("next: issue a certificate per site with 'fedhaem certs issue --dir " + dir);
        Cli issue = Cli.run("certs", "issue", "--dir", dir.toString(), "--name", "site1");
        assertThat(issue.exitCode()).as(issue.err()).isZero();
        assertThat(issue.out()).contains("wrote " + dir.resolve("site1.key"))
                .contains("wrote " + dir.resolve("site1.pem"))
                .contains("next: give site1 the files site1.key, site1.pem and ca.pem");
        TlsIdentity site = new CertificateDirectory(dir).load("site1");
        assertThat(CertificateCheck.commonName(site.certificate())).isEqualTo("site1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(site.keyFile())))
                .isEqualTo("rw-------");
        assertThat(new CertificateDirectory(dir).load("coordinator").certificate().getSubjectAlternativeNames())
                .containsExactly(List.of(2, "fl.example.org"), List.of(7, "10.0.0.2"));
    }

    @Test
    void initForceNamesTheSiteCertificatesItInvalidates() throws Exception {
        Path dir = tmp.resolve("fed");
        assertThat(Cli.run("certs", "init", "--dir", dir.toString()).exitCode()).isZero();
        for (String s : List.of("site2", "site1")) {
            assertThat(Cli.run("certs", "issue", "--dir", dir.toString(), "--name", s).exitCode()).isZero();
        }
        Cli refused = Cli.run("certs", "init", "--dir", dir.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(new CertificateDirectory(dir).load("site1").certificate()).isNotNull();

        Cli forced = Cli.run("certs", "init", "--dir", dir.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("invalid now: the site certificates site1.pem, site2.pem in " + dir
                        + " were issued by the replaced authority")
                .contains("next: re-issue each ('fedhaem certs issue --dir " + dir + " --name site1 --force'")
                .doesNotContain("next: issue a certificate per site");
        // They are invalid indeed: loading one checks it against the new CA.
        assertThatThrownBy(() -> new CertificateDirectory(dir).load("site1"))
                .hasMessageContaining("not trusted by the federation CA");

        assertThat(Cli.run("certs", "issue", "--dir", dir.toString(), "--name", "site1", "--force").exitCode())
                .isZero();
        Cli again = Cli.run("certs", "init", "--dir", dir.toString(), "--force");
        assertThat(again.out()).contains("the site certificates site1.pem, site2.pem");
        assertThat(CertsCommand.sitesNotIssuedBy(new CertificateDirectory(dir))).containsExactly("site1", "site2");
        assertThat(Cli.run("certs", "issue", "--dir", dir.toString(), "--name", "site1", "--force").exitCode())
                .isZero();
        assertThat(CertsCommand.sitesNotIssuedBy(new CertificateDirectory(dir))).containsExactly("site2");
    }

    @Test
    void refusalsAreOneLineNamingTheProblem() {
        Path dir = tmp.resolve("fed");
        Cli noCa = Cli.run("certs", "issue", "--dir", dir.toString(), "--name", "site1");
        assertThat(noCa.exitCode()).isEqualTo(1);
        assertThat(noCa.err()).contains(dir.resolve("ca.key") + ", which does not exist");
        assertThat(Cli.run("certs", "init", "--dir", dir.toString()).exitCode()).isZero();
        Cli again = Cli.run("certs", "init", "--dir", dir.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).startsWith("fedhaem: " + dir.resolve("ca.key") + " exists already");
        assertThat(Cli.run("certs", "init", "--dir", dir.toString(), "--force").exitCode()).isZero();
        Cli bad = Cli.run("certs", "issue", "--dir", dir.toString(), "--name", "site one");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("site name 'site one' is not valid");
        Cli host = Cli.run("certs", "init", "--dir", tmp.resolve("other").toString(), "--host", "bad host");
        assertThat(host.err()).contains("host 'bad host'");
        assertThat(tmp.resolve("other")).doesNotExist();
        assertThat(Cli.run("certs").exitCode()).isEqualTo(2);
        assertThat(Cli.run("certs", "issue", "--help").out()).contains("Usage: fedhaem certs issue");
    }
}
