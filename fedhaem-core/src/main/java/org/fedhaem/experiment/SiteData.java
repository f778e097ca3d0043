package org.fedhaem.experiment;

import org.fedhaem.data.Table;

/** One site's rows in one evaluation unit: its table (shared or its own file), training rows and test rows. */
record SiteData(String name, Table table, int[] train, int[] test) {
}
