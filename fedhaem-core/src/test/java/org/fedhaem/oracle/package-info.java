/** End-to-end oracle tests: the public data, model and metrics pipeline reproducing R's published numbers. */
package org.fedhaem.oracle;
