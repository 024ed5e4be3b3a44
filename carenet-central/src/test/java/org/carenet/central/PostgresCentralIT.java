package org.carenet.central;

import org.carenet.embedded.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The central server on PostgreSQL. */
class PostgresCentralIT extends CentralBehaviour {

    private static final String URL = TestDatabases.create();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        central(registry, URL, TestDatabases.username(), TestDatabases.password());
    }

    @Override
    void dropCentralDatabase() {
        TestDatabases.drop(URL);
    }
}
