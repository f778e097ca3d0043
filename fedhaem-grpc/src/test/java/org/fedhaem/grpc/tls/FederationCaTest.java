package org.fedhaem.grpc.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The certificates a federation CA issues, checked with the JDK's own PKIX validator and X.509 parser. */
class FederationCaTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DNS = 2;
    private static final int IP = 7;

    private static final FederationCa CA = FederationCa.create();

    /** The JDK's PKIX validation of {@code leaf} with {@code ca} as the only trust anchor. */
    static void pkix(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
    }

    @Test
    void caIsSelfSignedCaWithKeyCertSignForTenYears() throws Exception {
        X509Certificate ca = CA.certificate();
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(days(ca)).isEqualTo(3650 + 1.0 / 24, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void coordinatorDefaultsToLocalhostAndLoopbackWithServerAuth() throws Exception {
        X509Certificate c = CA.issueCoordinator(List.of()).certificate();
        pkix(c, CA.certificate());
        assertThat(altNames(c)).containsExactly(List.of(DNS, "localhost"), List.of(IP, "127.0.0.1"));
        assertThat(c.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(CertificateCheck.commonName(c)).isEqualTo("coordinator");
        assertThat(c.getBasicConstraints()).isEqualTo(-1);
        assertThat(c.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(days(c)).isEqualTo(730 + 1.0 / 24, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void coordinatorHostsTellDnsNamesFromIpAddresses() throws Exception {
        X509Certificate c = CA.issueCoordinator(List.of("fl.hospital.example", "10.1.2.3", "::1", "fl-1"))
                .certificate();
        assertThat(altNames(c)).containsExactly(List.of(DNS, "fl.hospital.example"), List.of(IP, "10.1.2.3"),
                List.of(IP, "0:0:0:0:0:0:0:1"), List.of(DNS, "fl-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad host", "-leading.example", "a..b", "http://x", "host_name"})
    void badHostsAreNamed(String host) {
        assertThatThrownBy(() -> CA.issueCoordinator(List.of(host)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + host + "'");
    }

    @Test
    void siteCertificateCarriesTheSiteNameAndClientAuth() throws Exception {
        X509Certificate s = CA.issueSite("site1").certificate();
        pkix(s, CA.certificate());
        assertThat(CertificateCheck.commonName(s)).isEqualTo("site1");
        assertThat(s.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(s.getSubjectAlternativeNames()).isNull();
        CertificateCheck.verify(s, CA.certificate(), "site1", Role.SITE);
    }

    @Test
    void certificateFromAnotherCaFailsVerification() {
        X509Certificate foreign = FederationCa.create().issueSite("site1").certificate();
        assertThatThrownBy(() -> pkix(foreign, CA.certificate())).isInstanceOf(CertPathValidatorException.class);
        assertThatThrownBy(() -> CertificateCheck.verify(foreign, CA.certificate(), "site1", Role.SITE))
                .isInstanceOf(TlsException.class).hasMessageContaining("not trusted by the federation CA");
    }

    @Test
    void verifyChecksNameAndRole() {
        X509Certificate s = CA.issueSite("site1").certificate();
        assertThatThrownBy(() -> CertificateCheck.verify(s, CA.certificate(), "site2", Role.SITE))
                .hasMessageContaining("for 'site1', not 'site2'");
        X509Certificate c = CA.issueCoordinator(List.of()).certificate();
        assertThatThrownBy(() -> CertificateCheck.verify(c, CA.certificate(), "coordinator", Role.SITE))
                .hasMessageContaining("not a site certificate");
    }

    @Test
    void keysMatchOnlyTheirOwnCertificate() {
        Credentials a = CA.issueSite("a");
        Credentials b = CA.issueSite("b");
        CertificateCheck.requireMatchingKey(a.key(), a.certificate(), "a");
        assertThatThrownBy(() -> CertificateCheck.requireMatchingKey(b.key(), a.certificate(), "b.key"))
                .hasMessage("b.key: the key does not belong to the certificate");
    }

    @Test
    void leafValidityNeverOutlastsTheCa() {
        X509Certificate ca = CA.certificate();
        X509Certificate s = CA.issueSite("site1").certificate();
        assertThat(s.getNotAfter()).isBeforeOrEqualTo(ca.getNotAfter());
        assertThat(s.getNotBefore().toInstant()).isBefore(Instant.now());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "site 1", "site/1", "..", ".", "ca", "CA", "coordinator", "Coordinator", "é",
            "a12345678901234567890123456789012345678901234567890123456789012345"})
    void badSiteNamesAreRefusedByName(String name) {
        assertThatThrownBy(() -> CA.issueSite(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"site1", "a", "St.Mary_s-Hospital", "..x",
            "a123456789012345678901234567890123456789012345678901234567890123"})
    void goodSiteNamesPass(String name) {
        assertThat(SiteNames.require(name)).isEqualTo(name);
    }

    private static double days(X509Certificate c) {
        return Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()).toMinutes() / 1440.0;
    }

    private static List<List<?>> altNames(X509Certificate c) throws Exception {
        Collection<List<?>> names = c.getSubjectAlternativeNames();
        return names == null ? List.of() : new ArrayList<>(names);
    }
}
