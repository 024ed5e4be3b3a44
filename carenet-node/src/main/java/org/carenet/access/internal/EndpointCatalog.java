package org.carenet.access.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.carenet.access.Access;
import org.carenet.access.Endpoint;
import org.carenet.access.Operation;
import org.carenet.access.PublicEndpoint;
import org.carenet.access.Resource;
import org.carenet.access.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint Carenet itself serves, with its access declaration. At start it refuses to let the node run if any
 * endpoint declares neither {@link Access} nor {@link PublicEndpoint}: access control fails closed.
 */
@Component
public class EndpointCatalog implements SmartInitializingSingleton {

    private static final String OWN_PACKAGE = "org.carenet.";

    /** What the access policy needs to know about one handler method: its {@link Access} rule, or why it is open. */
    public record Declaration(Rule access, PublicEndpoint open) {}

    /**
     * An endpoint's {@link Access}, its attributes read once: every request is checked against them, and reading an
     * annotation's attribute goes through a proxy.
     */
    public record Rule(Resource resource, Operation operation, Set<Role> callers, String idVariable) {

        static Rule of(Access access) {
            return access == null
                    ? null
                    : new Rule(access.resource(), access.operation(), Set.of(access.callers()), access.idVariable());
        }
    }

    private final ObjectProvider<RequestMappingHandlerMapping> mapping;
    private final Map<Method, Declaration> declarations = new ConcurrentHashMap<>();
    private volatile List<Endpoint> endpoints = List.of();

    EndpointCatalog(@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mapping) {
        this.mapping = mapping;
    }

    /** Whether the handler is Carenet's own (not Actuator's, the API docs' or the servlet container's). */
    public static boolean isOwn(HandlerMethod handler) {
        return handler.getBeanType().getName().startsWith(OWN_PACKAGE);
    }

    public Declaration declarationOf(HandlerMethod handler) {
        return declarations.computeIfAbsent(handler.getMethod(), method -> declare(handler));
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Endpoint> found = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
                mapping.getObject().getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            if (!isOwn(handler)) {
                continue;
            }
            Declaration declaration = declarationOf(handler);
            if (declaration.access() == null && declaration.open() == null) {
                undeclared.add(handler.getShortLogMessage());
                continue;
            }
            RequestMappingInfo info = entry.getKey();
            for (String path : info.getPatternValues()) {
                for (RequestMethod method : methods(info)) {
                    found.add(
                            declaration.access() != null
                                    ? new Endpoint(
                                            method.name(),
                                            path,
                                            declaration.access().resource(),
                                            declaration.access().operation(),
                                            declaration.access().callers(),
                                            null)
                                    : new Endpoint(
                                            method.name(),
                                            path,
                                            null,
                                            null,
                                            Set.of(),
                                            declaration.open().value()));
                }
            }
        }
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("Endpoints without @Access or @PublicEndpoint: " + undeclared);
        }
        found.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::method));
        endpoints = List.copyOf(found);
    }

    private static List<RequestMethod> methods(RequestMappingInfo info) {
        var methods = info.getMethodsCondition().getMethods();
        return methods.isEmpty() ? List.of(RequestMethod.GET) : List.copyOf(methods);
    }

    private static Declaration declare(HandlerMethod handler) {
        Access access = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Access.class);
        PublicEndpoint open = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PublicEndpoint.class);
        if (open == null) {
            open = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PublicEndpoint.class);
        }
        if (access != null && open != null) {
            throw new IllegalStateException(
                    handler.getShortLogMessage() + " is declared both @Access and @PublicEndpoint");
        }
        return new Declaration(Rule.of(access), open);
    }
}
