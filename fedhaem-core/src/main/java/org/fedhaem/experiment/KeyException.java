package org.fedhaem.experiment;

/** A bad value of one experiment key; the message reads {@code key: problem}. */
final class KeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;

    KeyException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The dotted key, e.g. {@code training.lr}. */
    String key() {
        return key;
    }
}
