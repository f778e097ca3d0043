package org.fedhaem.cli;

import java.util.Locale;
import org.fedhaem.data.Preprocessing;
import org.fedhaem.model.Activation;
import org.fedhaem.model.Ties;

/** Parses the words users type for enumerated options, with messages that list the accepted words. */
final class Options {
    private Options() {
    }

    static Ties ties(String s) {
        return parse(Ties.class, s, "--ties");
    }

    static Preprocessing.Missing missing(String s) {
        return parse(Preprocessing.Missing.class, s, "--missing");
    }

    static Preprocessing.Scaling scaling(String s) {
        return parse(Preprocessing.Scaling.class, s, "--scale");
    }

    /** A hidden layer's activation: not identity, which is the output layer's. */
    static Activation activation(String s) {
        for (Activation a : new Activation[] {Activation.RELU, Activation.SELU, Activation.TANH}) {
            if (a.name().equalsIgnoreCase(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("--activation must be relu, selu or tanh, got '" + s + "'");
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String s, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        StringBuilder words = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            words.append(words.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(option + " must be one of " + words + ", got '" + s + "'");
    }
}
