package org.fedhaem.grpc;

/**
 * The coordinator could not record a message in its {@link AuditLog}: the run must stop, since a federation whose
 * messages are not all recorded would go on without what its data protection officer relies on. Thrown by
 * {@link GrpcFleet#send} and {@link GrpcFleet#awaitSites} once any record failed; the message that could not be
 * recorded was not delivered.
 */
public final class AuditFailedException extends RuntimeException {
    AuditFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
