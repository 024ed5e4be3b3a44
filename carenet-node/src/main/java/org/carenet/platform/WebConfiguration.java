package org.carenet.platform;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.webmvc.actuate.endpoint.web.AbstractWebMvcEndpointHandlerMapping;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * What Spring MVC does on every request, kept to what the node needs: each of these costs a share of every answer.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /**
     * The node answers JSON, problem+json and pages, never XML; the XML binding API is on the class path only for the
     * API documentation's library, and its converter would be asked about every answer's type.
     */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters ->
                converters.removeIf(converter -> converter instanceof Jaxb2RootElementHttpMessageConverter));
    }

    /**
     * Actuator's endpoints ({@code /actuator/**}) are looked up after the node's own instead of before them: every API
     * request used to miss in the actuator's mapping first. No path of the node's is under {@code /actuator}, so the
     * order decides nothing else.
     */
    @Bean
    static BeanPostProcessor actuatorMappingAfterOwn() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractWebMvcEndpointHandlerMapping mapping) {
                    mapping.setOrder(1);
                }
                return bean;
            }
        };
    }

    /** The node's controllers are looked up by {@link SectionedRequestMappings}: see there for why. */
    @Bean
    static WebMvcRegistrations sectionedRequestMappings() {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                return new SectionedRequestMappings();
            }
        };
    }
}
