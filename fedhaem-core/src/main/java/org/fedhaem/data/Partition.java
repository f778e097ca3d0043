package org.fedhaem.data;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** How a table's rows are divided among sites; no row belongs to two sites or to both roles. */
public record Partition(List<SiteRows> sites) {
    public Partition {
        sites = List.copyOf(sites);
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("a partition needs at least one site");
        }
        Set<String> names = new HashSet<>();
        BitSet used = new BitSet();
        for (SiteRows s : sites) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("site name " + s.name() + " appears twice");
            }
            for (int[] rows : new int[][] {s.train(), s.test()}) {
                for (int r : rows) {
                    if (used.get(r)) {
                        throw new IllegalArgumentException("row " + r + " is used twice (again in site " + s.name()
                                + ")");
                    }
                    used.set(r);
                }
            }
        }
    }

    /** The site called {@code name}. */
    public SiteRows site(String name) {
        for (SiteRows s : sites) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no site " + name + "; the sites are " + names());
    }

    public List<String> names() {
        return sites.stream().map(SiteRows::name).toList();
    }

    /** Every site's training rows, ascending: the centralized (pooled) training set. */
    public int[] pooledTrain() {
        int n = 0;
        for (SiteRows s : sites) {
            n += s.train().length;
        }
        int[] out = new int[n];
        int k = 0;
        for (SiteRows s : sites) {
            int[] t = s.train();
            System.arraycopy(t, 0, out, k, t.length);
            k += t.length;
        }
        Arrays.sort(out);
        return out;
    }

    /** Every site's test rows, ascending. */
    public int[] pooledTest() {
        int n = 0;
        for (SiteRows s : sites) {
            n += s.test().length;
        }
        int[] out = new int[n];
        int k = 0;
        for (SiteRows s : sites) {
            int[] t = s.test();
            System.arraycopy(t, 0, out, k, t.length);
            k += t.length;
        }
        Arrays.sort(out);
        return out;
    }
}
