package org.carenet.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.carenet.CarenetNode;
import org.carenet.access.InitialAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code carenet node}: one hospital's node against external PostgreSQL and Kafka, the production shape. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one hospital's node against an external PostgreSQL and Kafka (production).",
            "Configured by environment variables (CARENET_HOSPITAL_NAME, SPRING_DATASOURCE_URL,"
                    + " SPRING_KAFKA_BOOTSTRAP_SERVERS, CARENET_ADMIN_PASSWORD, ...) or Spring properties given"
                    + " as arguments (--server.port=8000). Logs JSON (ECS) lines on the console.",
            "Runs until stopped (Ctrl-C, SIGTERM)."
        })
final class NodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        // a single Spring context in the JVM: Boot's own logging initialisation and shutdown hook apply as usual
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CarenetNode.class)
                .main(CarenetNode.class)
                .properties(Map.of("logging.structured.format.console", "ecs"))
                .run(springArguments.toArray(String[]::new));
        CountDownLatch closed = new CountDownLatch(1);
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        context.getBean(InitialAdmin.class).generatedPassword().ifPresent(password -> {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Generated password of the administrator '" + InitialAdmin.USERNAME
                    + "' (shown once, never again): " + password);
            out.flush();
        });
        if (context.isActive()) {
            closed.await();
        }
        return 0;
    }
}
