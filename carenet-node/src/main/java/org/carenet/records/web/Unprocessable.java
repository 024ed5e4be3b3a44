package org.carenet.records.web;

import org.carenet.platform.ProblemException;
import org.springframework.http.HttpStatus;

/** A well-formed request that cannot be carried out as asked: 422. */
final class Unprocessable extends ProblemException {
    Unprocessable(String kind, String detail) {
        super(HttpStatus.UNPROCESSABLE_CONTENT, kind, detail);
    }
}
