/**
 * What every context of a node shares: the hospital's identity and data directory, the clock, request ids, body
 * limits, security headers and RFC 9457 problem responses.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package org.carenet.platform;

import org.springframework.modulith.ApplicationModule;
