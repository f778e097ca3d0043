/** Experiment files (TOML) as validated records with every default filled in, summaries over repeats, and run provenance. */
package org.fedhaem.experiment;
