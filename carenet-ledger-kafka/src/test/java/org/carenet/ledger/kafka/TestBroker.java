package org.carenet.ledger.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import org.carenet.embedded.EmbeddedKafkaBroker;
import org.slf4j.LoggerFactory;

/** The embedded broker, with the Kafka clients' warnings about the outages the tests cause kept quiet. */
final class TestBroker {

    private TestBroker() {}

    static EmbeddedKafkaBroker start(Path logDirectory, int brokerPort, int controllerPort) {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDirectory, brokerPort, controllerPort);
        // the broker sets its loggers to WARN when it starts
        for (String logger : EmbeddedKafkaBroker.KAFKA_LOGGERS) {
            ((Logger) LoggerFactory.getLogger(logger)).setLevel(Level.ERROR);
        }
        return broker;
    }
}
