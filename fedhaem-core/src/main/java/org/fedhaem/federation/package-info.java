/**
 * Federation, independent of transport: the immutable messages between coordinator and sites, the {@link
 * org.fedhaem.federation.Fleet} seam that delivers them, the site runner that answers them from local data only,
 * and the coordinator's round loop with its history and its federated statistics (preprocessing, baseline hazard).
 */
package org.fedhaem.federation;
