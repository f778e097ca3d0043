/**
 * Aggregation strategies: site selection, pure aggregation functions and server optimizers whose state is an
 * explicit value. A strategy sees parameter vectors and example counts, never data or models.
 */
package org.fedhaem.strategy;
