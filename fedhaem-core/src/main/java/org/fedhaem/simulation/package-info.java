/** Simulation: virtual sites in one process, run concurrently, with results that never depend on the threads. */
package org.fedhaem.simulation;
