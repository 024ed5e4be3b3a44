package org.carenet.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error a node returns is RFC 9457 problem+json with a stable {@code type}, a message naming the problem, the
 * request path as {@code instance} and the request id, never a stack trace.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> problem(ProblemException e, WebRequest request) {
        ProblemDetail body = Problems.of(e.status(), e.kind(), e.getMessage());
        e.properties().forEach(body::setProperty);
        request.setAttribute(ProblemException.DETAIL_ATTRIBUTE, e.getMessage(), WebRequest.SCOPE_REQUEST);
        return handleExceptionInternal(e, body, new HttpHeaders(), e.status(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        String requestId = RequestIds.current(request);
        log.error("unexpected error handling request {}", requestId, e);
        ProblemDetail body = Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "An unexpected error occurred; quote request id " + requestId + " to the node's operators.");
        return handleExceptionInternal(e, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of(
                        "field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        String detail = "Invalid request: "
                + String.join(
                        "; ",
                        errors.stream()
                                .map(error -> error.get("field") + " " + error.get("message"))
                                .toList());
        ProblemDetail body = Problems.of(HttpStatus.BAD_REQUEST, "validation-failed", detail);
        body.setProperty("errors", errors);
        return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<String> messages = e.getAllErrors().stream()
                .map(error -> String.valueOf(error.getDefaultMessage()))
                .toList();
        ProblemDetail body = Problems.of(
                HttpStatus.BAD_REQUEST, "validation-failed", "Invalid request: " + String.join("; ", messages));
        return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (RequestBodyLimit.exceeded(e)) {
            ProblemDetail body =
                    Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", RequestBodyLimit.exceededMessage(e));
            return handleExceptionInternal(e, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        ProblemDetail body = Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", unreadable(e));
        return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName() == null ? "parameter" : "'" + e.getPropertyName() + "'";
        String expected = e.getRequiredType() == null
                ? "another type"
                : e.getRequiredType().getSimpleName();
        ProblemDetail body = Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                name + " must be a " + expected + ", not '" + e.getValue() + "'");
        return handleExceptionInternal(e, body, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) {
            if (request instanceof NativeWebRequest nativeRequest
                    && nativeRequest.getNativeRequest() instanceof HttpServletRequest servletRequest) {
                problem.setInstance(URI.create(servletRequest.getRequestURI()));
            }
            problem.setProperty("requestId", RequestIds.current(request));
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static String unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'"
                    + (unknown.getKnownPropertyIds().isEmpty()
                            ? ""
                            : "; known fields: " + unknown.getKnownPropertyIds());
        }
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String expected = mismatch.getTargetType() == null
                    ? "another type"
                    : mismatch.getTargetType().getSimpleName();
            return "Field '" + path(mismatch) + "' has the wrong type or value: expected " + expected;
        }
        if (cause instanceof StreamReadException parse) {
            return "Malformed JSON: " + parse.getOriginalMessage();
        }
        if (cause instanceof JacksonException jackson) {
            return "Unreadable request body: " + jackson.getOriginalMessage();
        }
        return "The request body is missing or unreadable";
    }

    /** A JSON path such as {@code roles[0]} or {@code address.city}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
