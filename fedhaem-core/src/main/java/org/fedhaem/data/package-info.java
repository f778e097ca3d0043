/** Clinical tables: reading CSV/TSV, schemas, preprocessing fitted on training rows, site partitions and synthetic cohorts. */
package org.fedhaem.data;
