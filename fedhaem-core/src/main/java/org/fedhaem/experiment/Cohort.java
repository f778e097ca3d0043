package org.fedhaem.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.fedhaem.data.Partition;
import org.fedhaem.data.Schema;
import org.fedhaem.data.SiteRows;
import org.fedhaem.data.Splitter;
import org.fedhaem.data.SyntheticMds;
import org.fedhaem.data.SyntheticScd;
import org.fedhaem.data.Table;
import org.fedhaem.data.TableReader;
import org.fedhaem.random.Seeds;

/**
 * The experiment's rows and how they become sites: read (or generated) once, then divided afresh for every repeat.
 * A repeat is a list of evaluation units: one hold-out split, or the folds of a cross-validation.
 */
final class Cohort {
    private final ExperimentConfig config;
    private final Schema schema;
    private final List<Table> tables;
    private final Table external;

    Cohort(ExperimentConfig config) {
        this.config = config;
        this.schema = schema(config);
        ExperimentConfig.Data data = config.data();
        List<Table> t = new ArrayList<>();
        if (config.split().sites() instanceof ExperimentConfig.Files files) {
            for (Path p : files.files()) {
                t.add(TableReader.read(p, schema));
            }
        } else if (data.synthetic() != null) {
            // The synthetic cohort is the data: generated once from the root seed; repeats only re-split it.
            long seed = Seeds.derive(config.seed(), "cohort");
            int n = data.syntheticRows();
            t.add(data.synthetic() == ExperimentConfig.Synthetic.MDS
                    ? SyntheticMds.table(n == 0 ? SyntheticMds.DEFAULT_SIZE : n, seed, true)
                    : SyntheticScd.table(n == 0 ? SyntheticScd.DEFAULT_SIZE : n, seed));
        } else {
            t.add(TableReader.read(data.path(), schema));
        }
        this.tables = List.copyOf(t);
        this.external = data.testPath() == null ? null : TableReader.read(data.testPath(), schema);
    }

    Schema schema() {
        return schema;
    }

    /** The data schema; a site column names sites and is never a feature. */
    static Schema schema(ExperimentConfig config) {
        Schema schema = config.data().schema();
        if (config.split().sites() instanceof ExperimentConfig.SiteColumn c) {
            if (schema.features().contains(c.column())) {
                throw new IllegalArgumentException("split.site_column: '" + c.column() + "' names the sites and "
                        + "cannot also be in data.features");
            }
            if (!schema.exclude().contains(c.column())) {
                List<String> exclude = new ArrayList<>(schema.exclude());
                exclude.add(c.column());
                schema = schema.withExclude(exclude);
            }
        }
        return schema;
    }

    /** The external test table, or null. */
    Table external() {
        return external;
    }

    /** The evaluation units of repeat {@code r}: one hold-out split, or every fold of every CV repetition. */
    List<List<SiteData>> units(int r) {
        long seed = config.repeatSeed(r);
        List<SiteData> sites = sites(seed);
        List<List<SiteData>> units = new ArrayList<>();
        for (int u = 0; u < unitCount(config.split()); u++) {
            List<SiteData> unit = new ArrayList<>();
            for (int s = 0; s < sites.size(); s++) {
                unit.add(unitSite(config.split(), schema, sites.get(s), s, seed, u));
            }
            units.add(unit);
        }
        return units;
    }

    /** The evaluation units of a repeat: 1 for a hold-out split, {@code cv_folds * cv_repeats} otherwise. */
    static int unitCount(ExperimentConfig.Split split) {
        return split.cvFolds() == 0 ? 1 : split.cvFolds() * split.cvRepeats();
    }

    /**
     * Site {@code s} (0-based) of evaluation unit {@code unit} in the repeat with seed {@code repeatSeed}: the
     * site's hold-out rows as they are without cross-validation, else fold {@code unit % cv_folds} of CV repetition
     * {@code unit / cv_folds} of all its rows (stratified, drawn inside the site). A simulation and a deployed site
     * draw a unit's rows alike.
     */
    static SiteData unitSite(ExperimentConfig.Split split, Schema schema, SiteData site, int s, long repeatSeed,
                             int unit) {
        if (unit < 0 || unit >= unitCount(split)) {
            throw new IllegalArgumentException("evaluation unit " + unit + " is outside the experiment's "
                    + unitCount(split) + " (split.cv_folds x split.cv_repeats)");
        }
        if (split.cvFolds() == 0) {
            return site;
        }
        int rep = unit / split.cvFolds();
        int fold = unit % split.cvFolds();
        int[] rows = concat(site.train(), site.test());
        int[] folds = folds(stratum(schema, site.table()), rows, split.cvFolds(),
                Seeds.random(repeatSeed, "cv", s, rep));
        return new SiteData(site.name(), site.table(), select(rows, folds, fold, false),
                select(rows, folds, fold, true));
    }

    /** The sites of repeat {@code r} before any cross-validation folds: each site's training and test rows. */
    List<SiteData> sites(int r) {
        return sites(config.repeatSeed(r));
    }

    private List<SiteData> sites(long seed) {
        ExperimentConfig.Split split = config.split();
        ExperimentConfig.Sites how = split.sites();
        List<SiteData> out = new ArrayList<>();
        if (how instanceof ExperimentConfig.Files) {
            for (int s = 0; s < tables.size(); s++) {
                out.add(fileSite(split, schema, "site" + (s + 1), tables.get(s), s, seed));
            }
            return out;
        }
        Table t = tables.get(0);
        Partition p;
        if (how instanceof ExperimentConfig.Fractions f) {
            p = split.stratify() ? Splitter.stratified(stratum(t), f.toArray(), split.testFraction(), seed)
                    : Splitter.random(t.rows(), f.toArray(), split.testFraction(), seed);
        } else if (how instanceof ExperimentConfig.Counts c) {
            int sum = Arrays.stream(c.toArray()).sum();
            if (sum != t.rows()) {
                throw new IllegalArgumentException("split.sites: the site counts sum to " + sum + " but " + t.name()
                        + " has " + t.rows() + " rows");
            }
            p = Splitter.randomCounts(c.toArray(), split.testFraction(), seed);
        } else if (how instanceof ExperimentConfig.Assignment a) {
            p = Splitter.fromAssignment(a.file(), t);
        } else {
            p = Splitter.bySiteColumn(t, ((ExperimentConfig.SiteColumn) how).column(), split.testFraction(), seed);
        }
        for (SiteRows rows : p.sites()) {
            out.add(new SiteData(rows.name(), t, rows.train(), rows.test()));
        }
        return out;
    }

    /**
     * The training and test rows of the per-site file {@code t}, the {@code s}-th (0-based) of {@code split.files},
     * in the repeat with seed {@code repeatSeed}: a simulation and a deployed site split a file alike.
     */
    static SiteData fileSite(ExperimentConfig.Split split, Schema schema, String name, Table t, int s,
                             long repeatSeed) {
        long seed = Seeds.derive(repeatSeed, "file", s);
        Partition p = split.stratify()
                ? Splitter.stratified(stratum(schema, t), new double[] {1}, split.testFraction(), seed)
                : Splitter.random(t.rows(), new double[] {1}, split.testFraction(), seed);
        SiteRows rows = p.sites().get(0);
        return new SiteData(name, t, rows.train(), rows.test());
    }

    private boolean[] stratum(Table t) {
        return stratum(schema, t);
    }

    /** Events (survival) or positives (binary) of every row, for stratified splits; unknown outcomes count false. */
    private static boolean[] stratum(Schema schema, Table t) {
        String column = schema.target() instanceof Schema.SurvivalTarget s ? s.event()
                : ((Schema.BinaryTarget) schema.target()).label();
        double[] v = t.numeric(column);
        boolean[] out = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] == 1;
        }
        return out;
    }

    /** Stratified fold numbers of {@code rows}: each class shuffled, then dealt round-robin. */
    private static int[] folds(boolean[] stratum, int[] rows, int k, SplittableRandom rng) {
        int[] fold = new int[rows.length];
        int dealt = 0;
        for (int g = 0; g < 2; g++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                if (stratum[rows[i]] == (g == 1)) {
                    members.add(i);
                }
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Integer tmp = members.get(i);
                members.set(i, members.get(j));
                members.set(j, tmp);
            }
            for (int m : members) {
                fold[m] = dealt++ % k;
            }
        }
        return fold;
    }

    private static int[] select(int[] rows, int[] folds, int fold, boolean in) {
        int[] out = Arrays.stream(indices(rows.length)).filter(i -> (folds[i] == fold) == in).map(i -> rows[i])
                .toArray();
        Arrays.sort(out);
        return out;
    }

    private static int[] indices(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        Arrays.sort(out);
        return out;
    }

    /** The outcome kind of the experiment's rows. */
    boolean survival() {
        return schema.target() instanceof Schema.SurvivalTarget;
    }
}
