/**
 * Clinical tables: reading CSV/TSV, schemas, preprocessing fitted on training rows (pooled, or federated from site
 * summaries), site partitions and synthetic cohorts.
 */
package org.fedhaem.data;
