/**
 * Federation, independent of transport: the immutable messages between coordinator and sites, the {@link
 * org.fedhaem.federation.Fleet} seam that delivers them, the site runner that trains and evaluates on local data
 * only, and the coordinator's round loop with its history.
 */
package org.fedhaem.federation;
