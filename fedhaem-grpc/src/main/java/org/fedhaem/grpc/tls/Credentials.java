package org.fedhaem.grpc.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A private key and the certificate for its public key. */
public record Credentials(PrivateKey key, X509Certificate certificate) {
    public Credentials {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
    }
}
