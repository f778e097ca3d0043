package org.fedhaem.grpc;

import io.grpc.Context;
import io.grpc.Metadata;

/** Constants both ends of the protocol share. */
final class Protocol {
    /** The version of fedhaem/v1/federation.proto this code speaks; Register refuses any other. */
    static final int VERSION = 1;
    /** Largest message either side accepts: room for a few million parameters. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    /** In {@code --insecure} mode only (no certificate), the site names itself in this header. */
    static final Metadata.Key<String> INSECURE_SITE = Metadata.Key.of("fedhaem-insecure-site",
            Metadata.ASCII_STRING_MARSHALLER);
    /** The authenticated site of the current call. */
    static final Context.Key<String> SITE = Context.key("fedhaem-site");

    private Protocol() {
    }
}
