package org.fedhaem.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fedhaem.data.SiteRows;
import org.fedhaem.data.Table;

/**
 * One site's share of an experiment's rows in one repeat, as the simulation divides them (before cross-validation
 * folds): the table the rows index (the data file, or the site's own file) and the site's training and test rows.
 * It lets the same sites be written out as per-site files for a deployment.
 */
public record SiteSplit(Table table, SiteRows rows) {
    public SiteSplit {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rows, "rows");
    }

    /** The site's name: {@code site1}..., or the value of the site column or assignment. */
    public String name() {
        return rows.name();
    }

    /**
     * The sites of repeat {@code repeat} (0-based), reading the experiment's data: the same rows for the same seed
     * as {@code fedhaem simulate} uses in that repeat.
     */
    public static List<SiteSplit> ofRepeat(ExperimentConfig config, int repeat) {
        List<SiteSplit> out = new ArrayList<>();
        for (SiteData s : new Cohort(config).sites(repeat)) {
            out.add(new SiteSplit(s.table(), new SiteRows(s.name(), s.train(), s.test())));
        }
        return out;
    }
}
