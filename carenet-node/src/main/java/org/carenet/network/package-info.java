/**
 * This node's place in the network: the operator-signed membership (which hospitals exist, where, under which
 * keys) and this hospital's own ledger signing key.
 */
@ApplicationModule(displayName = "Network")
package org.carenet.network;

import org.springframework.modulith.ApplicationModule;
