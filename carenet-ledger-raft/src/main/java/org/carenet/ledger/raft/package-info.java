/**
 * The raft ledger backend: the hospitals themselves form an Apache Ratis group that orders every signed entry, so no
 * third party is needed and the ledger survives the loss of a minority of hospitals.
 */
package org.carenet.ledger.raft;
