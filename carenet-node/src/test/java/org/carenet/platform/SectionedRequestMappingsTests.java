package org.carenet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.GenericWebApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/** The narrowed lookup finds what Spring's own finds, for every kind of path, while weighing fewer mappings. */
class SectionedRequestMappingsTests {

    private static GenericWebApplicationContext context;
    private static CountingSpring spring;
    private static CountingSectioned sectioned;

    @BeforeAll
    static void mapBoth() {
        context = new GenericWebApplicationContext(new MockServletContext());
        context.registerBean(Patients.class);
        context.registerBean(Elsewhere.class);
        context.refresh();
        spring = new CountingSpring();
        sectioned = new CountingSectioned();
        for (RequestMappingHandlerMapping mapping : new RequestMappingHandlerMapping[] {spring, sectioned}) {
            mapping.setApplicationContext(context);
            mapping.afterPropertiesSet();
        }
    }

    @AfterAll
    static void close() {
        context.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /api/patients/me", // mapped exactly, and also by a pattern
        "GET, /api/patients/p1",
        "GET, /api/patients/p1/visits/v1",
        "POST, /api/patients/p1/visits",
        "DELETE, /api/patients/p1/visits", // 405: no mapping for the method
        "GET, /api/patients/p1/grants", // one mapping, two patterns
        "GET, /api/grants/p1",
        "GET, /api/network/about", // a pattern with a variable second segment
        "GET, /api/patients/about", // mapped exactly
        "GET, /api/imaging/s1", // two patterns match; the more specific one wins
        "GET, /api/imaging/about", // two patterns, filed under api/imaging and under api
        "GET, /api/wards/w1", // two patterns, filed under api and with those beginning with a variable
        "GET, /api/help", // two patterns, one beginning with a variable (the winner), one filed under api
        "GET, /wards/help",
        "GET, /files/a/b/c",
        "GET, /files",
        "GET, /api/p%61tients/p1", // an encoded literal segment
        "GET, /api/patients;v=1/p1", // a matrix parameter on a literal segment
        "GET, //api/patients/p1",
        "GET, /api/patients/p1/visits/v1/", // trailing slash
        "GET, /API/patients/p1", // case
        "GET, /nothing/here", // 404
        "GET, /",
    })
    void findsTheHandlerSpringFinds(String method, String path) {
        assertThat(lookUp(sectioned, method, path)).isEqualTo(lookUp(spring, method, path));
    }

    @Test
    void onlyTheMappingsWhosePatternMatchesThePathAreWeighedInFull() {
        spring.tried.set(0);
        sectioned.tried.set(0);

        String path = "/api/patients/p1/visits/v1";
        Object found = lookUp(sectioned, "GET", path);
        assertThat(found).isEqualTo(lookUp(spring, "GET", path));
        assertThat(found)
                .isInstanceOfSatisfying(
                        Map.class, map -> assertThat(map.get("handler")).isEqualTo("visit"));

        assertThat(spring.tried)
                .as("Spring weighs every mapping")
                .hasValue(spring.getHandlerMethods().size());
        assertThat(sectioned.tried)
                .as("the mapping of /api/patients/{patientId}/visits/{visitId}")
                .hasValue(1);
    }

    /** The handler method found, the path variables, or the exception thrown, for comparison. */
    private static Object lookUp(RequestMappingHandlerMapping mapping, String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerExecutionChain chain = mapping.getHandler(request);
            if (chain == null) {
                return "no handler";
            }
            Method handler = ((HandlerMethod) chain.getHandler()).getMethod();
            return Map.of(
                    "handler", handler.getName(),
                    "variables",
                            Objects.requireNonNullElse(
                                    request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE), Map.of()),
                    "pattern", String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE)));
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }

    private static final class CountingSpring extends RequestMappingHandlerMapping {
        final AtomicInteger tried = new AtomicInteger();

        @Override
        protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            tried.incrementAndGet();
            return super.getMatchingMapping(info, request);
        }
    }

    private static final class CountingSectioned extends SectionedRequestMappings {
        final AtomicInteger tried = new AtomicInteger();

        @Override
        protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            tried.incrementAndGet();
            return super.getMatchingMapping(info, request);
        }
    }

    @RestController
    static class Patients {
        @GetMapping("/api/patients/me")
        String me() {
            return "";
        }

        @GetMapping("/api/patients/{patientId}")
        String one(@PathVariable String patientId) {
            return patientId;
        }

        @GetMapping("/api/patients/{patientId}/visits/{visitId}")
        String visit(@PathVariable String patientId, @PathVariable String visitId) {
            return visitId;
        }

        @PostMapping("/api/patients/{patientId}/visits")
        String write(@PathVariable String patientId) {
            return patientId;
        }

        @GetMapping({"/api/patients/{patientId}/grants", "/api/grants/{patientId}"})
        String grants(@PathVariable String patientId) {
            return patientId;
        }

        @GetMapping("/api/patients/about")
        String about() {
            return "";
        }
    }

    @RestController
    static class Elsewhere {
        @GetMapping("/api/{section}/about")
        String sectionAbout(@PathVariable String section) {
            return section;
        }

        @GetMapping("/api/{section}/{id}")
        String anyItem(@PathVariable String section, @PathVariable String id) {
            return id;
        }

        @GetMapping("/api/{section}")
        String section(@PathVariable String section) {
            return section;
        }

        @GetMapping("/{a}/{b}/{c}")
        String anyThree(@PathVariable String a, @PathVariable String b, @PathVariable String c) {
            return c;
        }

        @GetMapping("/api/imaging/{studyId}")
        String study(@PathVariable String studyId) {
            return studyId;
        }

        @GetMapping("/api/users/{userId}")
        String user(@PathVariable String userId) {
            return userId;
        }

        @GetMapping("/api/users/{userId}/roles")
        String roles(@PathVariable String userId) {
            return userId;
        }

        @GetMapping("/{page}/help")
        String help(@PathVariable String page) {
            return page;
        }

        @GetMapping("/files/**")
        String files() {
            return "";
        }

        @GetMapping("/api/network/physicians/{id}")
        String physician(@PathVariable String id) {
            return id;
        }
    }
}
