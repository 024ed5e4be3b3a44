/**
 * The kafka ledger backend: one topic partitioned by ledger key orders every hospital's signed entries, and each
 * hospital follows all of it into its own replica.
 */
package org.carenet.ledger.kafka;
