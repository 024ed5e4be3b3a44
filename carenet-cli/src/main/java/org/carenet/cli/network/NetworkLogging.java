package org.carenet.cli.network;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carenet.embedded.EmbeddedDatabaseServer;
import org.carenet.embedded.EmbeddedKafkaBroker;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Logging of a whole network in one process: every node's log goes to one file of structured JSON lines (ECS),
 * the console shows only WARN and ERROR next to the command's own output.
 *
 * <p>Several Spring contexts in one JVM share one Logback context, and each {@code SpringApplication} would
 * (re)initialise it on start: concurrent node starts would race, resetting appenders under each other. So the
 * network initialises Boot's logging system once, from these properties, before any node starts; Boot then finds
 * the Logback context already initialised and leaves it alone when each node starts. Every node is still given
 * the same properties, so that whichever context might initialise logging again configures the same thing.
 */
final class NetworkLogging {

    static final String LOG_FILE = "logs/carenet.log";

    private NetworkLogging() {}

    /** The logging properties of a network whose data lives in {@code dataDirectory}. */
    static Map<String, Object> properties(Path dataDirectory) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(
                LogFile.FILE_NAME_PROPERTY, dataDirectory.resolve(LOG_FILE).toString());
        properties.put("logging.structured.format.file", "ecs");
        properties.put("logging.structured.ecs.service.name", "carenet");
        // plain text on the console (a node alone logs JSON there), and only what needs a person's attention
        properties.put("logging.structured.format.console", "");
        properties.put("logging.threshold.console", "WARN");
        for (String logger : EmbeddedKafkaBroker.KAFKA_LOGGERS) {
            properties.put("logging.level." + logger, "WARN");
        }
        // a new embedded broker's empty metadata log is expected, not worth a warning on every first start
        properties.put("logging.level.org.apache.kafka.controller.QuorumController", "ERROR");
        properties.put("logging.level." + EmbeddedDatabaseServer.LOGGER, "WARN");
        return properties;
    }

    /** (Re)initialises the process's logging system from {@code properties}; call before any node starts. */
    static synchronized void initialize(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("carenet-network-logging", properties));
        LoggingSystem logging = LoggingSystem.get(NetworkLogging.class.getClassLoader());
        // forget an earlier initialisation (a previous network in this JVM), so that this one takes effect
        logging.cleanUp();
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(environment), null, LogFile.get(environment));
        String prefix = "logging.level.";
        properties.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                logging.setLogLevel(key.substring(prefix.length()), LogLevel.valueOf(value.toString()));
            }
        });
    }
}
