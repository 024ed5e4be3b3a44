package org.carenet.access.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.carenet.platform.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Holds every response back until the audit entry of the call it answers is committed: an endpoint's answer (a
 * patient's visit, a page of records) leaves the node only once its access is in the audit trail. Spring MVC
 * flushes a response body as soon as it is written, before any interceptor's completion callback, so the policy
 * cannot wait there; this filter keeps the body (it answers for whole documents, never streams) and has the
 * {@link AccessPolicy} audit the outcome first. If the entry cannot be written, the caller gets 503 instead of the
 * answer.
 */
@Component
class AuditedResponses extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditedResponses.class);

    private final AccessPolicy policy;
    private final ProblemWriter problems;

    AuditedResponses(AccessPolicy policy, ProblemWriter problems) {
        this.policy = policy;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        boolean threw = true;
        try {
            chain.doFilter(request, held);
            threw = false;
        } finally {
            try {
                policy.auditOutcome(request, held, threw);
            } catch (RuntimeException e) {
                log.error(
                        "could not audit {} {}; the answer is withheld",
                        request.getMethod(),
                        request.getRequestURI(),
                        e);
                if (!threw && !held.isCommitted()) {
                    held.resetBuffer();
                    problems.write(
                            request,
                            held,
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "audit-unavailable",
                            "The audit trail could not record this call, so its answer is withheld; try again later");
                }
            }
            if (!threw) {
                held.copyBodyToResponse();
            }
        }
    }
}
