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

    /**
     * The roles this endpoint serves, on top of the matrix: a patient's own {@code /me} endpoints serve patients
     * only, however the matrix grants the resource to other roles elsewhere. Empty: whoever the matrix allows.
     */
    Role[] callers() default {};

    /**
     * The path variable that names the resource instance, recorded in the audit trail; {@link #CALLER} when the
     * resource is the caller's own (a patient's {@code /me} endpoints), recorded as the caller's patient identifier.
     */
    String idVariable() default "id";

    /** {@link #idVariable()} of an endpoint whose resource is the calling patient. */
    String CALLER = "@caller";
}
