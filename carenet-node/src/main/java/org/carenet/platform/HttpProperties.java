package org.carenet.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize the largest request body a node reads */
@ConfigurationProperties("carenet.http")
public record HttpProperties(DataSize maxBodySize) {

    public HttpProperties {
        if (maxBodySize == null) {
            maxBodySize = DataSize.ofKilobytes(256);
        }
    }
}
