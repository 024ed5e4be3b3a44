/**
 * What every context of a node shares: the hospital's identity and data directory, the clock, request ids, body
 * limits, security headers, RFC 9457 problem responses, and the way to a local database's Unix-domain socket.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package org.carenet.platform;

import org.springframework.modulith.ApplicationModule;
