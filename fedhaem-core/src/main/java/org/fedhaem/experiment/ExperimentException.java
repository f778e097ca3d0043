package org.fedhaem.experiment;

/** An experiment file that cannot be read or is invalid; the message names the file and the key. */
public final class ExperimentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExperimentException(String message) {
        super(message);
    }

    public ExperimentException(String message, Throwable cause) {
        super(message, cause);
    }
}
