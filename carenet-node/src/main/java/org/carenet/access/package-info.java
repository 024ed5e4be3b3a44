/**
 * Who may do what at this node: staff accounts and logins, expiring tokens, the role × resource × operation
 * permission matrix enforced in one place for every endpoint, and the hash-chained audit trail.
 */
@ApplicationModule(displayName = "Access")
package org.carenet.access;

import org.springframework.modulith.ApplicationModule;
