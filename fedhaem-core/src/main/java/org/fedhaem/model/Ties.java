package org.fedhaem.model;

/**
 * How the Cox partial likelihood treats several events at the same time: Breslow (every tied event sees the
 * full risk set) or Efron (the tied events' own risk is removed in equal fractions), as in R {@code coxph}.
 */
public enum Ties { BRESLOW, EFRON }
