package org.fedhaem.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One data set of the R fixture in src/test/resources/oracle/metrics (see the README there). */
record MetricsFixture(String name, double[] time, boolean[] event, double[] lp, double[][] surv, double[] grid) {

    static final List<String> SETS = List.of("aml", "gehan", "myeloid");

    static MetricsFixture load(String name) {
        Csv input = Csv.read(file(name + "_input.csv"));
        double[] grid = Csv.read(file(name + "_grid.csv")).column("grid");
        int first = input.index("s1");
        double[][] surv = new double[input.rows().length][grid.length];
        for (int i = 0; i < surv.length; i++) {
            System.arraycopy(input.rows()[i], first, surv[i], 0, grid.length);
        }
        return new MetricsFixture(name, input.column("time"), input.flags("event"), input.column("lp"), surv, grid);
    }

    double expected(String metric) {
        String value = EXPECTED.get(name + "," + metric);
        if (value == null) {
            throw new IllegalArgumentException("no expected value " + name + "," + metric);
        }
        return Double.parseDouble(value);
    }

    private static final Map<String, String> EXPECTED = readExpected();

    private static Map<String, String> readExpected() {
        try {
            Map<String, String> map = new HashMap<>();
            List<String> lines = Files.readAllLines(file("expected.csv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                map.put(cells[0] + "," + cells[1], cells[2]);
            }
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path file(String name) {
        try {
            return Path.of(MetricsFixture.class.getResource("/oracle/metrics/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
