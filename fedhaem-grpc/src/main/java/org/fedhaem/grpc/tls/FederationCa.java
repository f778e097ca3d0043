package org.fedhaem.grpc.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * The federation's certificate authority: a self-signed CA certificate and its key, which sign the coordinator's and
 * the sites' certificates. Keys are EC P-256 with SHA256withECDSA signatures: the strength of RSA 3072 (128-bit
 * security) at a fraction of the size, generated in milliseconds rather than seconds, and accepted by the JDK's TLS,
 * BoringSSL/OpenSSL and gRPC alike. Serial numbers and keys come from {@link SecureRandom}, never from an
 * experiment's seed: they must be unpredictable, not reproducible.
 */
public record FederationCa(Credentials credentials) {
    /** How long the CA certificate is valid: ten years, since replacing it means re-issuing every certificate. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** How long coordinator and site certificates are valid: two years (never beyond the CA's end). */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(730);
    /** Certificates start an hour in the past so machines whose clocks lag a little accept them at once. */
    static final Duration CLOCK_SKEW = Duration.ofHours(1);
    /** The coordinator's certificate's CN. */
    public static final String COORDINATOR_NAME = "coordinator";
    /** The hosts the coordinator's certificate is valid for when none are given. */
    public static final List<String> DEFAULT_HOSTS = List.of("localhost", "127.0.0.1");

    private static final String CA_NAME = "fedhaem federation CA";
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    /** Dot-separated labels of letters, digits and inner hyphens (RFC 1123), at most 253 characters. */
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*");
    private static final SecureRandom RANDOM = new SecureRandom();

    public FederationCa {
        Objects.requireNonNull(credentials, "credentials");
        if (credentials.certificate().getBasicConstraints() < 0) {
            throw new TlsException("the certificate " + credentials.certificate().getSubjectX500Principal()
                    + " is not a CA certificate (no CA:true basic constraint)");
        }
    }

    /** A new CA (key and self-signed certificate, valid for {@link #CA_VALIDITY} from now). */
    public static FederationCa create() {
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        X500Name name = commonName(CA_NAME);
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new FederationCa(new Credentials(pair.getPrivate(), sign(b, pair.getPrivate())));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new TlsException("cannot create the federation CA: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return credentials.certificate();
    }

    /**
     * The coordinator's key and certificate (CN {@value #COORDINATOR_NAME}, {@code serverAuth}), valid for
     * {@code hosts} as subject alternative names: IP address literals as IP addresses, anything else as a DNS name.
     * An empty list means {@link #DEFAULT_HOSTS}.
     *
     * @throws IllegalArgumentException naming a host that is neither an IP address nor a DNS name
     */
    public Credentials issueCoordinator(List<String> hosts) {
        List<GeneralName> names = new ArrayList<>();
        for (String host : new LinkedHashSet<>(hosts.isEmpty() ? DEFAULT_HOSTS : hosts)) {
            names.add(subjectAlternativeName(host));
        }
        return issue(COORDINATOR_NAME, Role.COORDINATOR, new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /** A site's key and certificate: CN = {@code site} (a valid {@link SiteNames site name}), {@code clientAuth}. */
    public Credentials issueSite(String site) {
        return issue(SiteNames.require(site), Role.SITE, null);
    }

    private Credentials issue(String cn, Role role, GeneralNames altNames) {
        KeyPair pair = newKeyPair();
        Instant now = Instant.now();
        Date end = Date.from(now.plus(LEAF_VALIDITY));
        if (end.after(certificate().getNotAfter())) {
            end = certificate().getNotAfter();
        }
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate(), serial(),
                    Date.from(now.minus(CLOCK_SKEW)), end, commonName(cn), pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(role.purpose()));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate()));
            if (altNames != null) {
                b.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            return new Credentials(pair.getPrivate(), sign(b, credentials.key()));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new TlsException("cannot issue a certificate for " + cn + ": " + e.getMessage(), e);
        }
    }

    /** An IP address literal (v4 or v6) as an IP address name, else a DNS name; anything else is refused. */
    static GeneralName subjectAlternativeName(String host) {
        if (host != null && IPAddress.isValid(host)) {
            return new GeneralName(GeneralName.iPAddress, host);
        }
        if (host != null && DNS_NAME.matcher(host).matches()) {
            return new GeneralName(GeneralName.dNSName, host);
        }
        throw new IllegalArgumentException("host '" + host + "' is neither an IP address nor a DNS name "
                + "(letters, digits and hyphens in dot-separated labels)");
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new TlsException("this Java runtime cannot generate EC P-256 keys: " + e.getMessage(), e);
        }
    }

    /** A positive random 159-bit serial: unique in practice and within the 20 octets RFC 5280 allows. */
    private static BigInteger serial() {
        return new BigInteger(159, RANDOM).setBit(158);
    }

    private static X500Name commonName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }
}
