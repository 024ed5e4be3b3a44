package org.carenet.records.web;

import org.carenet.platform.ProblemException;
import org.springframework.http.HttpStatus;

/** A request body that parses but does not hold what it should: 400. */
final class BadRequest extends ProblemException {
    BadRequest(String kind, String detail) {
        super(HttpStatus.BAD_REQUEST, kind, detail);
    }
}
