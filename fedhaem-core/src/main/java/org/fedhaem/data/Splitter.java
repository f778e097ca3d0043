package org.fedhaem.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.fedhaem.random.Seeds;

/**
 * Divides a table's rows among sites, each with a local test set. Every result is deterministic: the same inputs
 * and seed give the same partition, and rows inside a site are ascending.
 * <p>
 * Random splits: the rows (of each stratum separately when stratified) are shuffled by Fisher-Yates with
 * {@code Seeds.random(seed, "split-sites", stratum)}; site k takes the next {@code size_k} shuffled rows, where the
 * sizes are the fractions times the row count rounded by largest remainder (ties to the earlier site), so they sum
 * exactly to the count (2766 x 0.6/0.3/0.1 gives 1660/830/276, as R's {@code round}). Inside each site (and stratum)
 * the rows, ascending, are shuffled with {@code Seeds.random(seed, "split-test", site, stratum)} and the first
 * {@code floor(testFraction x size + 0.5)} become its test rows.
 */
public final class Splitter {
    private static final double FRACTION_TOLERANCE = 1e-9;

    private Splitter() {
    }

    /** Sites {@code site1..siteK} with the given fractions of {@code rows} rows (summing to 1 within 1e-9). */
    public static Partition random(int rows, double[] fractions, double testFraction, long seed) {
        return stratified(new boolean[rows], fractions, testFraction, seed);
    }

    /**
     * As {@link #random(int, double[], double, long)}, but each stratum (e.g. event or label true/false) is divided
     * separately, so every site and test set gets about the same share of events.
     */
    public static Partition stratified(boolean[] stratum, double[] fractions, double testFraction, long seed) {
        checkFractions(fractions);
        checkTestFraction(testFraction);
        int[][] bySite = new int[fractions.length][];
        int[][] testBySite = new int[fractions.length][];
        for (int g = 0; g < 2; g++) {
            int[] members = members(stratum, g == 1);
            shuffle(members, Seeds.random(seed, "split-sites", g));
            int[] sizes = largestRemainder(fractions, members.length);
            int offset = 0;
            for (int s = 0; s < sizes.length; s++) {
                int[] site = Arrays.copyOfRange(members, offset, offset + sizes[s]);
                offset += sizes[s];
                int[][] split = localTest(site, testFraction, Seeds.random(seed, "split-test", s, g));
                bySite[s] = concat(bySite[s], split[0]);
                testBySite[s] = concat(testBySite[s], split[1]);
            }
        }
        List<SiteRows> sites = new ArrayList<>();
        for (int s = 0; s < fractions.length; s++) {
            Arrays.sort(bySite[s]);
            Arrays.sort(testBySite[s]);
            sites.add(new SiteRows("site" + (s + 1), bySite[s], testBySite[s]));
        }
        return new Partition(sites);
    }

    /** Sites {@code site1..siteK} of exactly the given sizes; the table has {@code sum(counts)} rows. */
    public static Partition randomCounts(int[] counts, double testFraction, long seed) {
        checkTestFraction(testFraction);
        int n = 0;
        for (int c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("site counts must be >= 0, got " + Arrays.toString(counts));
            }
            n += c;
        }
        int[] all = members(new boolean[n], false);
        shuffle(all, Seeds.random(seed, "split-sites", 0));
        List<SiteRows> sites = new ArrayList<>();
        int offset = 0;
        for (int s = 0; s < counts.length; s++) {
            int[] site = Arrays.copyOfRange(all, offset, offset + counts[s]);
            offset += counts[s];
            int[][] split = localTest(site, testFraction, Seeds.random(seed, "split-test", s, 0));
            Arrays.sort(split[0]);
            Arrays.sort(split[1]);
            sites.add(new SiteRows("site" + (s + 1), split[0], split[1]));
        }
        return new Partition(sites);
    }

    /**
     * Sites given by a column of the data (site name = the value, {@code site<value>} when it is a bare integer),
     * in level order (numbers numerically, then text); each site's local test rows drawn as in a random split.
     */
    public static Partition bySiteColumn(Table data, String column, double testFraction, long seed) {
        checkTestFraction(testFraction);
        int c = data.indexOf(column);
        String[] values = data.textAt(c);
        Map<String, List<Integer>> groups = new TreeMap<>(PreprocessingFitter.LEVEL_ORDER);
        for (int r = 0; r < values.length; r++) {
            if (values[r] == null) {
                throw new DataException(data.name(), data.line(r), column, null, "is missing: every row needs a site");
            }
            groups.computeIfAbsent(values[r], k -> new ArrayList<>()).add(r);
        }
        List<SiteRows> sites = new ArrayList<>();
        int s = 0;
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            int[] rows = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            int[][] split = localTest(rows, testFraction, Seeds.random(seed, "split-test", s++, 0));
            Arrays.sort(split[0]);
            Arrays.sort(split[1]);
            sites.add(new SiteRows(siteName(e.getKey()), split[0], split[1]));
        }
        return new Partition(sites);
    }

    /**
     * An explicit assignment file with columns {@code row,site,role}: {@code row} is the 1-based data row of
     * {@code data} (1 = first line after the header), {@code role} is {@code train} or {@code test}, and every data
     * row appears exactly once. Sites are in level order of their values.
     */
    public static Partition fromAssignment(Path file, Table data) {
        Table a = TableReader.read(file, name -> switch (name) {
            case "row" -> ColumnKind.NUMERIC;
            case "site", "role" -> ColumnKind.TEXT;
            default -> ColumnKind.ANY;
        });
        double[] row = a.numericAt(a.indexOf("row"));
        String[] site = a.textAt(a.indexOf("site"));
        String[] role = a.textAt(a.indexOf("role"));
        int[] seenAt = new int[data.rows()];
        Map<String, List<Integer>> train = new TreeMap<>(PreprocessingFitter.LEVEL_ORDER);
        Map<String, List<Integer>> test = new LinkedHashMap<>();
        for (int i = 0; i < a.rows(); i++) {
            int line = a.line(i);
            double v = row[i];
            if (Double.isNaN(v)) {
                throw new DataException(a.name(), line, "row", null, "is missing");
            }
            if (v != Math.rint(v) || v < 1 || v > data.rows()) {
                throw new DataException(a.name(), line, "row", a.cell(i, a.indexOf("row")),
                        "is not a data row of " + data.name() + " (1.." + data.rows() + ")");
            }
            int r = (int) v - 1;
            if (seenAt[r] != 0) {
                throw new DataException(a.name(), line, "row", Integer.toString(r + 1),
                        "is assigned twice (also on line " + seenAt[r] + ")");
            }
            seenAt[r] = line;
            if (site[i] == null) {
                throw new DataException(a.name(), line, "site", null, "is missing");
            }
            if (role[i] == null || !(role[i].equals("train") || role[i].equals("test"))) {
                throw new DataException(a.name(), line, "role", role[i] == null ? "" : role[i],
                        "is not a role (train or test)");
            }
            train.computeIfAbsent(site[i], k -> new ArrayList<>());
            test.computeIfAbsent(site[i], k -> new ArrayList<>());
            (role[i].equals("train") ? train : test).get(site[i]).add(r);
        }
        List<Integer> absent = new ArrayList<>();
        for (int r = 0; r < seenAt.length; r++) {
            if (seenAt[r] == 0) {
                absent.add(r + 1);
            }
        }
        if (!absent.isEmpty()) {
            throw new DataException(a.name(), "has no line for " + absent.size() + " data rows of " + data.name()
                    + ": " + (absent.size() > 10 ? absent.subList(0, 10) + " ..." : absent.toString()));
        }
        List<SiteRows> sites = new ArrayList<>();
        for (String s : train.keySet()) {
            int[] tr = train.get(s).stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] te = test.get(s).stream().mapToInt(Integer::intValue).sorted().toArray();
            sites.add(new SiteRows(siteName(s), tr, te));
        }
        return new Partition(sites);
    }

    /** {@code site<value>} for a bare integer such as {@code 1}, the value itself otherwise. */
    static String siteName(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return value;
            }
        }
        return "site" + value;
    }

    /** [train, test] of {@code site}: the first round(testFraction x n) rows after a shuffle are the test rows. */
    private static int[][] localTest(int[] site, double testFraction, SplittableRandom random) {
        int[] rows = site.clone();
        Arrays.sort(rows);
        shuffle(rows, random);
        int nTest = (int) Math.floor(testFraction * rows.length + 0.5);
        return new int[][] {Arrays.copyOfRange(rows, nTest, rows.length), Arrays.copyOfRange(rows, 0, nTest)};
    }

    /** Sizes proportional to {@code fractions} summing exactly to {@code n}: largest remainder, ties to earlier. */
    static int[] largestRemainder(double[] fractions, int n) {
        int[] sizes = new int[fractions.length];
        double[] rest = new double[fractions.length];
        int total = 0;
        for (int s = 0; s < fractions.length; s++) {
            double exact = fractions[s] * n;
            sizes[s] = (int) Math.floor(exact);
            rest[s] = exact - sizes[s];
            total += sizes[s];
        }
        boolean[] bumped = new boolean[fractions.length];
        for (; total < n; total++) {
            int best = -1;
            for (int s = 0; s < fractions.length; s++) {
                if (!bumped[s] && (best < 0 || rest[s] > rest[best] + 1e-12)) {
                    best = s;
                }
            }
            bumped[best] = true;
            sizes[best]++;
        }
        return sizes;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] members(boolean[] stratum, boolean value) {
        int n = 0;
        for (boolean b : stratum) {
            if (b == value) {
                n++;
            }
        }
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < stratum.length; i++) {
            if (stratum[i] == value) {
                out[k++] = i;
            }
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        if (a == null) {
            return b;
        }
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void checkFractions(double[] fractions) {
        if (fractions.length == 0) {
            throw new IllegalArgumentException("at least one site fraction is needed");
        }
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0) || Double.isInfinite(f)) {
                throw new IllegalArgumentException("site fractions must be finite and >= 0, got "
                        + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (Math.abs(sum - 1) > FRACTION_TOLERANCE) {
            throw new IllegalArgumentException("site fractions must sum to 1 (within 1e-9), got " + sum + " from "
                    + Arrays.toString(fractions));
        }
    }

    private static void checkTestFraction(double testFraction) {
        if (!(testFraction >= 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
        }
    }
}
