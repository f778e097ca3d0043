/** The federation's certificate authority and the coordinator's and sites' keys and certificates as PEM files. */
package org.fedhaem.grpc.tls;
