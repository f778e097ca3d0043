/**
 * Evaluation metrics on plain arrays (C-indices, Brier scores, Kaplan-Meier, binary metrics, bootstrap intervals),
 * each a pure, input-validating function that knows nothing about models.
 */
package org.fedhaem.metrics;
