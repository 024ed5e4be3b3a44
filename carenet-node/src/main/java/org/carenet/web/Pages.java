package org.carenet.web;

import jakarta.servlet.http.HttpServletRequest;
import org.carenet.platform.NodeProperties;
import org.carenet.platform.ProblemException;
import org.carenet.platform.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every page shows (the hospital's name, times in one format), and errors as pages rather than the API's
 * problem+json. It comes before the API's handler, for the web controllers only.
 */
@ControllerAdvice(basePackageClasses = Pages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class Pages {

    private static final Logger log = LoggerFactory.getLogger(Pages.class);

    private final NodeProperties node;
    private final Timestamps timestamps = new Timestamps();

    Pages(NodeProperties node) {
        this.node = node;
    }

    @ModelAttribute("hospitalName")
    String hospitalName() {
        return node.hospitalName();
    }

    @ModelAttribute("timestamps")
    Timestamps timestamps() {
        return timestamps;
    }

    /** A refusal of the access policy (403) or any other problem a client can act on. */
    @ExceptionHandler(ProblemException.class)
    ModelAndView problem(ProblemException problem, HttpServletRequest request) {
        explainInAudit(request, problem);
        return page(problem.status(), problem.getMessage());
    }

    /** An upload over {@code spring.servlet.multipart} limits: a card file is a few kilobytes. */
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ModelAndView uploadTooLarge(MaxUploadSizeExceededException e) {
        return page(HttpStatus.CONTENT_TOO_LARGE, "The file is too large: a patient card is a few kilobytes.");
    }

    /**
     * Gives the audit entry of a request that a page answers with a problem the problem's detail, as the API's
     * problem responses do: a patient's access log then says why a physician was refused.
     */
    static void explainInAudit(HttpServletRequest request, ProblemException problem) {
        request.setAttribute(ProblemException.DETAIL_ATTRIBUTE, problem.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView badParameter(MethodArgumentTypeMismatchException e) {
        return page(HttpStatus.BAD_REQUEST, "'" + e.getName() + "' cannot be '" + e.getValue() + "'.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request) {
        String requestId = RequestIds.current(request);
        log.error("unexpected error handling page request {}", requestId, e);
        return page(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; quote request id " + requestId + " to the node's operators.");
    }

    /** A service's message as a sentence of a page: they come without the final full stop. */
    static String sentence(String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        char last = message.charAt(message.length() - 1);
        return last == '.' || last == '!' || last == '?' ? message : message + ".";
    }

    private ModelAndView page(HttpStatus status, String message) {
        ModelAndView page = new ModelAndView("problem", status);
        page.addObject("hospitalName", node.hospitalName());
        page.addObject("status", status.value());
        page.addObject("title", status.getReasonPhrase());
        page.addObject("message", message);
        return page;
    }
}
