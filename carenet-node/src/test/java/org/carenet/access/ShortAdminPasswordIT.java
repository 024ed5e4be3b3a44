package org.carenet.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** An operator's CARENET_ADMIN_PASSWORD below the password policy still gives a running node, and that password. */
@NodeTest
@TestPropertySource(properties = "carenet.access.initial-admin-password=" + ShortAdminPasswordIT.SHORT)
class ShortAdminPasswordIT {

    static final String SHORT = "admin1";

    @LocalServerPort
    int port;

    @Test
    void theNodeStartsAndTheAdminLogsInWithTheConfiguredPassword() {
        assertThat(new Api(port).login("admin", SHORT)).isNotBlank();
    }
}
