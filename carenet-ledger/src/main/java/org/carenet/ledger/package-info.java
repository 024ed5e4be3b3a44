/**
 * The network ledger's core, independent of what orders the entries: hospitals' Ed25519 keys, the signed
 * membership, signed and replay-proof entries, the deterministic state machine every replica applies them with,
 * and the hash chain that makes a rewritten history evident. The backends (Kafka, the central SQL server, Raft)
 * only order entries; everything a replica decides, it decides here.
 */
package org.carenet.ledger;
