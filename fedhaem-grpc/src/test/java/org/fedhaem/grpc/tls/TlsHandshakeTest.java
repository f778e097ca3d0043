package org.fedhaem.grpc.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real mutual-TLS handshakes on loopback with plain JSSE and the generated files: the coordinator's identity serves,
 * requiring a client certificate; sites connect and check the coordinator's name (127.0.0.1 must be in its SANs).
 */
class TlsHandshakeTest {
    private static final int TIMEOUT_MS = 10_000;
    private static final int OK = 42;

    @TempDir
    Path tmp;

    private CertificateDirectory federation;
    private CertificateDirectory foreign;
    private ExecutorService executor;

    @BeforeEach
    void setUp() {
        federation = new CertificateDirectory(tmp.resolve("federation"));
        federation.init(List.of(), false);
        federation.issueSite("site1", false);
        foreign = new CertificateDirectory(tmp.resolve("foreign"));
        foreign.init(List.of(), false);
        foreign.issueSite("site1", false);
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void siteOfTheFederationIsAcceptedAndSeenAsItsName() throws Exception {
        Outcome o = connect(federation.load("site1").sslContext());
        assertThat(o.serverSaw()).isEqualTo("site1");
        assertThat(o.serverError()).isNull();
        assertThat(o.clientRead()).isEqualTo(OK);
    }

    @Test
    void siteCertifiedByAnotherCaIsRefused() throws Exception {
        // The foreign site trusts our coordinator, so the refusal can only come from the server's check.
        TlsIdentity stranger = foreign.load("site1");
        SSLContext context = context(keyManagers(stranger), federation.load("site1"));
        Outcome o = connect(context);
        // Presented and rejected by path validation (not merely withheld by the site's key manager).
        assertThat(o.serverError()).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX");
        assertThat(o.serverSaw()).isNull();
        assertThat(o.clientRead()).isNotEqualTo(OK);
    }

    @Test
    void siteWithoutCertificateIsRefused() throws Exception {
        Outcome o = connect(context(null, federation.load("site1")));
        assertThat(o.serverError()).isInstanceOf(SSLHandshakeException.class).hasMessageNotContaining("PKIX");
        assertThat(o.serverSaw()).isNull();
        assertThat(o.clientRead()).isNotEqualTo(OK);
    }

    @Test
    void siteRefusesACoordinatorOfAnotherFederation() throws Exception {
        Outcome o = connect(federation.load("site1").sslContext(), foreign.load("coordinator").sslContext());
        assertThat(o.clientRead()).isNotEqualTo(OK);
        assertThat(o.serverSaw()).isNull();
    }

    /** What the server saw (the client's CN) or its error, and the byte the client read (-1 on failure). */
    record Outcome(String serverSaw, Exception serverError, int clientRead) {
    }

    private Outcome connect(SSLContext client) throws Exception {
        return connect(client, federation.load("coordinator").sslContext());
    }

    private Outcome connect(SSLContext client, SSLContext server) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(TIMEOUT_MS);
            Future<String> accepted = executor.submit(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(TIMEOUT_MS);
                    s.startHandshake();
                    String cn = CertificateCheck.commonName((X509Certificate) s.getSession().getPeerCertificates()[0]);
                    s.getOutputStream().write(OK);
                    s.getOutputStream().flush();
                    return cn;
                }
            });
            int read;
            SSLSocketFactory factory = client.getSocketFactory();
            try (SSLSocket s = (SSLSocket) factory.createSocket(loopback, listener.getLocalPort())) {
                s.setSoTimeout(TIMEOUT_MS);
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
                s.startHandshake();
                read = s.getInputStream().read();
            } catch (IOException e) {
                read = -1;
            }
            try {
                return new Outcome(accepted.get(2L * TIMEOUT_MS, TimeUnit.MILLISECONDS), null, read);
            } catch (ExecutionException e) {
                return new Outcome(null, (Exception) e.getCause(), read);
            }
        }
    }

    private static KeyManager[] keyManagers(TlsIdentity id) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(id.name(), id.key(), new char[0], new Certificate[] {id.certificate(), id.ca()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        return kmf.getKeyManagers();
    }

    /** A client context with the given key managers (null: no certificate) trusting {@code trusted}'s CA. */
    private static SSLContext context(KeyManager[] keys, TlsIdentity trusted) throws Exception {
        SSLContext c = SSLContext.getInstance("TLSv1.3");
        c.init(keys, TlsIdentity.trustManagers(trusted.ca()).getTrustManagers(), null);
        return c;
    }
}
