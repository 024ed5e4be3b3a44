/**
 * The seed's {@code ConsistentStorage} gRPC service over a hospital's {@link org.carenet.ledger.Ledger}: the server a
 * node runs on its gRPC port, and a thin client for other hospitals, the benchmark and tests.
 */
package org.carenet.ledger.grpc;
