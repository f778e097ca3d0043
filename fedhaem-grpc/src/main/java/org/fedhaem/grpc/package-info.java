/**
 * The gRPC transport of a deployment: the coordinator's {@link org.fedhaem.grpc.GrpcFleet} and the site's
 * {@link org.fedhaem.grpc.SiteAgent} over mutual TLS; protobuf types never leave this package.
 */
package org.fedhaem.grpc;
