package org.fedhaem.grpc.tls;

import org.bouncycastle.asn1.x509.KeyPurposeId;

/** Which side of a connection a certificate is for, and the extended key usage that says so. */
public enum Role {
    /** The coordinator: a TLS server ({@code serverAuth}). */
    COORDINATOR(KeyPurposeId.id_kp_serverAuth),
    /** A site: a TLS client ({@code clientAuth}); its certificate's CN is the site name. */
    SITE(KeyPurposeId.id_kp_clientAuth);

    private final KeyPurposeId purpose;

    Role(KeyPurposeId purpose) {
        this.purpose = purpose;
    }

    KeyPurposeId purpose() {
        return purpose;
    }

    /** The extended key usage's object identifier, as {@code X509Certificate.getExtendedKeyUsage()} lists it. */
    public String extendedKeyUsage() {
        return purpose.getId();
    }
}
