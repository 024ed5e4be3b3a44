package org.carenet.central;

import java.io.IOException;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * Keeps the central server's beans out of any other Spring application in the same JVM. A node scans all of
 * {@code org.carenet}; when this jar is on its class path too (the command line starts the central beside the nodes
 * for {@code --backend sql}), the node would otherwise pick up the central's controllers and settings.
 *
 * <p>Registered in {@code META-INF/spring.factories}; it leaves the central's own application alone.
 */
public final class KeepOutOfOtherApplications implements ApplicationListener<ApplicationContextInitializedEvent> {

    private static final String PACKAGE = CarenetCentral.class.getPackageName() + ".";

    @Override
    public void onApplicationEvent(ApplicationContextInitializedEvent event) {
        if (event.getSpringApplication().getAllSources().contains(CarenetCentral.class)) {
            return;
        }
        event.getApplicationContext().getBeanFactory().registerSingleton(Exclusion.class.getName(), new Exclusion());
    }

    /** Read by Spring Boot's component and configuration-properties scans, through {@link TypeExcludeFilter}. */
    static final class Exclusion extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getClassMetadata().getClassName().startsWith(PACKAGE);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Exclusion;
        }

        @Override
        public int hashCode() {
            return Exclusion.class.hashCode();
        }
    }
}
