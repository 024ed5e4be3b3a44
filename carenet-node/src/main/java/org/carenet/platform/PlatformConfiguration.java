package org.carenet.platform;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    /** All time in a node comes from here, so that tests and simulations can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Several hospitals' nodes may feed one Prometheus: every metric says which hospital it is from. */
    @Bean
    MeterRegistryCustomizer<MeterRegistry> hospitalTag(NodeProperties node) {
        return registry -> registry.config().commonTags("hospital", node.hospitalId());
    }
}
