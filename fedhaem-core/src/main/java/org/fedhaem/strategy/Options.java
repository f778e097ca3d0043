package org.fedhaem.strategy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One strategy's option table ({@code [strategy.<name>]}) being read: typed getters with defaults and range checks
 * whose errors name {@code strategy.<name>.<key>}, a record of every value in effect, and a final check that no
 * key was left unread (a typo must fail, not be ignored).
 */
final class Options {
    private final String strategy;
    private final Map<String, Object> given;
    private final Map<String, Object> resolved = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();

    Options(String strategy, Map<String, Object> given) {
        this.strategy = strategy;
        this.given = given == null ? Map.of() : given;
        for (Object key : this.given.keySet()) {
            if (key == null) {
                throw new IllegalArgumentException("strategy." + strategy + " has a null option key");
            }
        }
    }

    String key(String key) {
        return "strategy." + strategy + "." + key;
    }

    boolean has(String key) {
        known.add(key);
        return given.containsKey(key);
    }

    /** A real option; {@code low}/{@code high} bounds, each inclusive or not. */
    double real(String key, double fallback, double low, boolean lowIncluded, double high, boolean highIncluded) {
        known.add(key);
        double v = given.containsKey(key) ? number(key) : fallback;
        boolean ok = Double.isFinite(v) && (lowIncluded ? v >= low : v > low) && (highIncluded ? v <= high : v < high);
        if (!ok) {
            throw new IllegalArgumentException(key(key) + " must be in " + (lowIncluded ? "[" : "(") + low + ", "
                    + (high == Double.POSITIVE_INFINITY ? "inf" : String.valueOf(high))
                    + (highIncluded ? "]" : ")") + ", got " + v);
        }
        resolved.put(key, v);
        return v;
    }

    /** A real option without a default: NaN when absent. */
    double optionalReal(String key, double low, boolean lowIncluded) {
        known.add(key);
        if (!given.containsKey(key)) {
            return Double.NaN;
        }
        return real(key, Double.NaN, low, lowIncluded, Double.POSITIVE_INFINITY, false);
    }

    /** An integer option {@code >= min}. */
    int integer(String key, int fallback, int min) {
        known.add(key);
        int v = given.containsKey(key) ? wholeNumber(key) : fallback;
        if (v < min) {
            throw new IllegalArgumentException(key(key) + " must be >= " + min + ", got " + v);
        }
        resolved.put(key, v);
        return v;
    }

    /** An integer option {@code >= min} without a default: 0 when absent. */
    int optionalInteger(String key, int min) {
        known.add(key);
        return given.containsKey(key) ? integer(key, 0, min) : 0;
    }

    /** Every option in effect (given or default) in the order read. */
    Map<String, Object> resolved() {
        return new LinkedHashMap<>(resolved);
    }

    /** Fails on any given key that no getter read. */
    void finish() {
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new IllegalArgumentException("unknown option " + key(first) + "; " + strategy + " knows "
                    + known);
        }
    }

    private double number(String key) {
        Object v = given.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error naming the key
            }
        }
        throw new IllegalArgumentException(key(key) + " must be a number, got " + describe(v));
    }

    private int wholeNumber(String key) {
        double d = number(key);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key(key) + " must be a whole number, got " + describe(given.get(key)));
        }
        return (int) d;
    }

    private static String describe(Object v) {
        return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    }
}
