package org.carenet.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Without CARENET_ADMIN_PASSWORD, the first start generates the admin's password and hands it out exactly once. */
@NodeTest
@TestPropertySource(properties = "carenet.access.initial-admin-password=")
class InitialAdminIT {

    @LocalServerPort
    int port;

    @Autowired
    InitialAdmin initialAdmin;

    @Test
    void theGeneratedPasswordIsHandedOutOnceAndLogsTheAdminIn() {
        String password = initialAdmin.generatedPassword().orElseThrow();

        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(initialAdmin.generatedPassword()).isEmpty();
        assertThat(new Api(port).login("admin", password)).isNotBlank();
    }
}
