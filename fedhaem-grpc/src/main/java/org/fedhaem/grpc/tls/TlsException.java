package org.fedhaem.grpc.tls;

/** A certificate or key that cannot be created, written, read or trusted; the message names the file or name. */
public final class TlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
