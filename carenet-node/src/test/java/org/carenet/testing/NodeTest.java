package org.carenet.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A whole node on a random port, over its own PostgreSQL database, with the initial administrator's password
 * {@value #ADMIN_PASSWORD}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "carenet.node.hospital-name=Test Hospital",
            "carenet.access.initial-admin-password=" + NodeTest.ADMIN_PASSWORD,
            "logging.structured.format.console="
        })
@ContextConfiguration(initializers = TestDatabase.class)
public @interface NodeTest {

    String ADMIN_PASSWORD = "admin-password-for-tests";
}
