package org.carenet.platform;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/** The node's clock, metrics tags, JSON strictness, and scheduling for the contexts' background jobs. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
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

    /**
     * Request bodies are read strictly: a number where text belongs, or text where a number or boolean belongs, is
     * a client error rather than something to guess at.
     */
    @Bean
    JsonMapperBuilderCustomizer strictScalars() {
        return builder -> builder.withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Integer,
                        config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
    }
}
