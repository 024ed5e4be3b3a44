package org.carenet.central;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.ApplicationContextFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The central server of the sql backend: it orders the hospitals' signed ledger entries in one database
 * (PostgreSQL or MariaDB/MySQL, by the JDBC URL) and streams them back to every hospital's replica. Hospitals never
 * touch the database; every request is signed by a member hospital.
 *
 * <p>Its configuration file is {@code carenet-central.yml} (not {@code application.yml}), so that it can share a JVM
 * with the nodes, as in {@code carenet network start --backend sql}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CarenetCentral {

    /** The name of the central's configuration file, without extension. */
    public static final String CONFIG_NAME = "carenet-central";

    public static void main(String[] args) {
        new SpringApplicationBuilder(CarenetCentral.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .run(args);
    }

    /**
     * Starts a central server in this JVM with {@code properties} in front of every other source (its
     * configuration file, the environment), so that nothing overrides them.
     */
    public static ConfigurableApplicationContext start(Map<String, ?> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("spring.config.name", CONFIG_NAME);
        all.putAll(properties);
        ConfigurableEnvironment environment =
                ApplicationContextFactory.DEFAULT.createEnvironment(WebApplicationType.SERVLET);
        environment.getPropertySources().addFirst(new MapPropertySource("carenet-central", all));
        return new SpringApplicationBuilder(CarenetCentral.class)
                .main(CarenetCentral.class)
                .environment(environment)
                .run();
    }
}
