package org.fedhaem.grpc.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A checked identity from a {@link CertificateDirectory}: the files (for TLS libraries that read PEM files, such as
 * gRPC's {@code TlsServerCredentials}) and the same key and certificates as {@code java.security} objects.
 */
public record TlsIdentity(String name, Role role, Path keyFile, Path certificateFile, Path caFile, PrivateKey key,
                          X509Certificate certificate, X509Certificate ca) {
    public TlsIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(ca, "ca");
    }

    /**
     * A TLS 1.3 context presenting this identity (certificate chain: own certificate, then the CA) and trusting only
     * the federation CA. A server using it must still ask for client certificates ({@code setNeedClientAuth}).
     */
    public SSLContext sslContext() {
        char[] password = new char[0];
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(name, key, password, new Certificate[] {certificate, ca});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), trustManagers(ca).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsException("cannot set up TLS for " + name + ": " + e.getMessage(), e);
        }
    }

    /** Trust managers that accept exactly the certificates {@code ca} signed. */
    public static TrustManagerFactory trustManagers(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(CertificateDirectory.CA, ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trusted);
        return tmf;
    }
}
