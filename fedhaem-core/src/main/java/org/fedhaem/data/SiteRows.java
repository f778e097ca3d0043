package org.fedhaem.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One site's rows of a table: 0-based row indices for training and for its local test set, each ascending.
 * Arrays are copied in and out.
 */
public record SiteRows(String name, int[] train, int[] test) {
    public SiteRows {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("site name is blank");
        }
        train = train.clone();
        test = test.clone();
        requireAscending(name, "train", train);
        requireAscending(name, "test", test);
    }

    private static void requireAscending(String site, String what, int[] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || (i > 0 && rows[i] <= rows[i - 1])) {
                throw new IllegalArgumentException("site " + site + ": " + what
                        + " rows must be ascending, distinct and >= 0, got " + rows[i] + " at position " + i);
            }
        }
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }

    public int size() {
        return train.length + test.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SiteRows s && name.equals(s.name) && Arrays.equals(train, s.train)
                && Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(train), Arrays.hashCode(test));
    }

    @Override
    public String toString() {
        return name + "[train " + train.length + ", test " + test.length + "]";
    }
}
