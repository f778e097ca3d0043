/** Seed derivation: one root seed split per purpose, site and round, so randomness never depends on threads. */
package org.fedhaem.random;
