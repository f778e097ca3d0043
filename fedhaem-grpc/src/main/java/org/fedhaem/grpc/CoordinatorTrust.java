package org.fedhaem.grpc;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.fedhaem.grpc.tls.TlsException;
import org.fedhaem.grpc.tls.TlsIdentity;

/**
 * A site's trust in the coordinator: exactly the JDK's PKIX trust manager for the federation CA (chain, validity and,
 * through the engine's endpoint identification, the host name), except that a refusal carries the certificate the
 * coordinator presented, so that the site agent can say what was wrong with it ({@link Refused}).
 */
final class CoordinatorTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;

    CoordinatorTrust(X509Certificate ca) {
        X509ExtendedTrustManager found = null;
        try {
            for (TrustManager m : TlsIdentity.trustManagers(ca).getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    found = x;
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsException("cannot set up trust in the federation CA: " + e.getMessage(), e);
        }
        if (found == null) {
            throw new TlsException("the JDK offers no PKIX trust manager");
        }
        pkix = found;
    }

    /** The coordinator's certificate was refused; {@link #chain} is what it presented. */
    static final class Refused extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final X509Certificate[] chain;

        Refused(X509Certificate[] chain, CertificateException cause) {
            super(cause.getMessage(), cause);
            this.chain = chain.clone();
        }

        X509Certificate[] chain() {
            return chain.clone();
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw new Refused(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw new Refused(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new Refused(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a site agent does not accept TLS clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
