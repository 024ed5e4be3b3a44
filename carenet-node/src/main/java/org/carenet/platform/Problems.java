package org.carenet.platform;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds problem details with Carenet's stable type URIs. */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:carenet:problem:";

    private Problems() {}

    public static URI type(String kind) {
        return URI.create(TYPE_PREFIX + kind);
    }

    public static ProblemDetail of(HttpStatusCode status, String kind, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(kind));
        return problem;
    }
}
