package org.fedhaem.grpc.tls;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names a site may carry in its certificate (its CN) and its file names: 1 to 64 of {@code A-Z a-z 0-9 . _ -}.
 * {@code ca} and {@code coordinator} (in any case, for case-insensitive file systems) are taken by the federation's
 * own files, and names made only of dots are refused because they look like directories.
 */
public final class SiteNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DOTS = Pattern.compile("\\.+");
    private static final Set<String> RESERVED = Set.of(CertificateDirectory.CA, CertificateDirectory.COORDINATOR);

    private SiteNames() {
    }

    /** Returns {@code name} when it is a valid site name, else throws naming it and the rule. */
    public static String require(String name) {
        if (name == null || !NAME.matcher(name).matches() || DOTS.matcher(name).matches()) {
            throw new IllegalArgumentException("site name '" + name + "' is not valid: use 1 to 64 of the letters "
                    + "A-Z a-z, digits 0-9 and . _ - (not only dots)");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("site name '" + name + "' is reserved for the federation's own files "
                    + "(ca.*, coordinator.*): choose another name");
        }
        return name;
    }
}
