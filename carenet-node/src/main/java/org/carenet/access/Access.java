package org.carenet.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what an endpoint does, in the permission matrix's terms. The access policy checks it before the endpoint
 * runs and audits the outcome; an endpoint without this annotation or {@link PublicEndpoint} stops the node from
 * starting.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Access {

    Resource resource();

    Operation operation();

    /** The path variable that names the resource instance, recorded in the audit trail. */
    String idVariable() default "id";
}
