package org.fedhaem.grpc;

/**
 * The coordinator refused this site's certificate (or the TLS handshake failed over a certificate): retrying cannot
 * help, so a site agent stops at once with this exception (the CLI maps it to its own exit code).
 */
public final class CertificateRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CertificateRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
