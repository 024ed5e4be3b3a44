package org.carenet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.carenet.embedded.TestDatabases;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each test application context a database of its own and a private data directory.
 *
 * <p>See {@link TestDatabases} for which PostgreSQL server; databases on a shared server are dropped when their
 * context closes.
 */
@Order(0)
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final String ENVIRONMENT = "CARENET_TEST_POSTGRES";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String url = TestDatabases.create();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("carenet-node-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "testDatabase",
                        Map.of(
                                "spring.datasource.url", url,
                                "spring.datasource.username", TestDatabases.username(),
                                "spring.datasource.password", TestDatabases.password(),
                                "carenet.node.data-dir", dataDir.toString())));
        if (TestDatabases.shared()) {
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    TestDatabases.drop(url);
                }
            });
        }
    }
}
