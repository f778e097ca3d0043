package org.fedhaem.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about the software that made a result, stored with every saved model. */
final class Provenance {
    private Provenance() {
    }

    static Map<String, String> basic() {
        Map<String, String> p = new LinkedHashMap<>();
        String v = Provenance.class.getPackage().getImplementationVersion();
        p.put("fedhaem_version", v == null ? "dev" : v);
        p.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        return p;
    }
}
