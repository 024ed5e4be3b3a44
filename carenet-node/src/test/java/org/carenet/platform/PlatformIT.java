package org.carenet.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.carenet.testing.Api;
import org.carenet.testing.NodeTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@NodeTest
class PlatformIT {

    @LocalServerPort
    int port;

    @Test
    void healthIsUpAndOpenToProbes() {
        Api.Response health = new Api(port).get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void metricsAreExposedForPrometheusTaggedWithTheHospital() {
        Api.Response metrics = new Api(port).get("/actuator/prometheus", null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("hospital=\"test-hospital\"");
    }

    @Test
    void theBatchingQueuesBatchSizesAreExposed() {
        String metrics = new Api(port).get("/actuator/prometheus", null).body();

        for (String queue : new String[] {"consent-checks", "visit-inserts", "audit-writer"}) {
            assertThat(metrics)
                    .contains("carenet_batch_size_items_count{hospital=\"test-hospital\",queue=\"" + queue + "\"}");
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheApiAndSwaggerUiIsServed() {
        Api api = new Api(port);

        Api.Response docs = api.get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/auth/login")).isTrue();
        assertThat(docs.json().get("paths").has("/api/users/{id}")).isTrue();
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void aCallersRequestIdIsEchoedAndAnInsaneOneReplaced() {
        Api api = new Api(port);

        Api.Response given = api.send("GET", "/api/users", null, null, Map.of("X-Request-Id", "ward-7.trace:42"));
        Api.Response insane =
                api.send("GET", "/api/users", null, null, Map.of("X-Request-Id", "<script>alert(1)</script>"));
        Api.Response none = api.get("/api/users", null);

        assertThat(given.header("X-Request-Id")).isEqualTo("ward-7.trace:42");
        assertThat(given.json().get("requestId").asString()).isEqualTo("ward-7.trace:42");
        assertThat(insane.header("X-Request-Id")).doesNotContain("<").hasSize(36);
        assertThat(none.header("X-Request-Id")).hasSize(36).isNotEqualTo(insane.header("X-Request-Id"));
    }

    @Test
    void responsesCarryBrowserHardeningHeaders() {
        Api.Response response = new Api(port).get("/api/users", null);

        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Content-Security-Policy")).contains("default-src 'self'");
    }
}
