package org.carenet.central;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The central server on MariaDB (InnoDB), as the seed ran it. */
class MariaDbCentralIT extends CentralBehaviour {

    private static final String URL = MariaDbDatabases.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        central(registry, URL, MariaDbDatabases.username(), MariaDbDatabases.password());
    }

    @Override
    void dropCentralDatabase() {
        MariaDbDatabases.drop(URL);
    }
}
