package org.fedhaem.grpc.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Checks that a certificate is one the federation trusts for a given name and role. */
public final class CertificateCheck {
    private CertificateCheck() {
    }

    /** The certificate's subject common name (CN), or null when it has none. */
    public static String commonName(X509Certificate certificate) {
        RDN[] cn = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return cn.length == 0 ? null : IETFUtils.valueToString(cn[0].getFirst().getValue());
    }

    /**
     * Throws unless {@code certificate} chains to {@code ca} (PKIX, at the current time, no revocation lists: the
     * federation has none), has CN = {@code name} and the extended key usage of {@code role}.
     */
    public static void verify(X509Certificate certificate, X509Certificate ca, String name, Role role) {
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), params);
        } catch (CertPathValidatorException e) {
            throw new TlsException("the certificate " + subject + " is not trusted by the federation CA "
                    + ca.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new TlsException("cannot check the certificate " + subject + ": " + e.getMessage(), e);
        }
        String cn = commonName(certificate);
        if (!name.equals(cn)) {
            throw new TlsException("the certificate is for '" + cn + "', not '" + name + "'");
        }
        List<String> usages;
        try {
            usages = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new TlsException("the certificate for '" + name + "' has an unreadable extended key usage", e);
        }
        if (usages == null || !usages.contains(role.extendedKeyUsage())) {
            throw new TlsException("the certificate for '" + name + "' is not a " + role.name().toLowerCase()
                    + " certificate (extended key usage " + usages + " lacks " + role.extendedKeyUsage() + ")");
        }
    }

    /** Throws unless {@code key} is the private key of {@code certificate}'s public key (a signature round trip). */
    public static void requireMatchingKey(PrivateKey key, X509Certificate certificate, String what) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        byte[] probe = "fedhaem key check".getBytes(StandardCharsets.US_ASCII);
        boolean match;
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(certificate.getPublicKey());
            v.update(probe);
            match = v.verify(signature);
        } catch (GeneralSecurityException e) {
            match = false;
        }
        if (!match) {
            throw new TlsException(what + ": the key does not belong to the certificate");
        }
    }
}
