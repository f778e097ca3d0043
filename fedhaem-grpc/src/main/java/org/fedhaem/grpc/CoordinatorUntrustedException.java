package org.fedhaem.grpc;

import java.util.List;
import java.util.Objects;

/**
 * This site does not trust the coordinator's certificate (the TLS handshake failed on the site's side): retrying
 * cannot help, so a site agent stops at once with this exception. The coordinator sees only a broken handshake and
 * logs nothing; the fix is at the federation operator or in the site's {@code --coordinator} address.
 */
public final class CoordinatorUntrustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the coordinator's certificate. */
    public enum Reason {
        /** Trusted, but issued for other host names than the one dialled ({@link #certificateHosts}). */
        WRONG_HOST,
        /** Not issued by the CA in the site's {@code ca.pem} (or not a coordinator certificate). */
        OTHER_CA,
        /** Expired, or not valid yet (a clock off at either end). */
        NOT_VALID_NOW,
        /** The handshake refused it for a reason not told apart above (the message gives the JDK's). */
        OTHER
    }

    private final Reason reason;
    private final String dialledHost;
    private final transient List<String> certificateHosts;

    CoordinatorUntrustedException(String message, Reason reason, String dialledHost, List<String> certificateHosts,
                                  Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.dialledHost = Objects.requireNonNull(dialledHost, "dialledHost");
        this.certificateHosts = List.copyOf(certificateHosts);
    }

    public Reason reason() {
        return reason;
    }

    /** The host name or address the site dialled. */
    public String dialledHost() {
        return dialledHost;
    }

    /** The DNS names and IP addresses the coordinator's certificate is valid for (empty when unknown). */
    public List<String> certificateHosts() {
        return certificateHosts;
    }
}
