package org.fedhaem.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Enum constants as experiment files spell them (lower case) and values as error messages show them. */
final class Names {
    private Names() {
    }

    static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> List<String> all(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(of(e));
        }
        return names;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String key) {
        for (E e : type.getEnumConstants()) {
            if (of(e).equals(text)) {
                return e;
            }
        }
        throw new KeyException(key, "must be one of " + String.join(", ", all(type)) + ", got \"" + text + "\"");
    }

    /** -1 rather than -1.0 for whole numbers, so messages echo what the user wrote. */
    static String show(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
