/** The server-rendered web UI: Thymeleaf pages enhanced with htmx, on top of the other contexts' public APIs. */
@ApplicationModule(displayName = "Web UI")
package org.carenet.web;

import org.springframework.modulith.ApplicationModule;
