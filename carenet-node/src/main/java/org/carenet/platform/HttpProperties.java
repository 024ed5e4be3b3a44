package org.carenet.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize the largest request body a node reads
 * @param maxHandoverSize the largest body another hospital may send when it hands over a patient's records (every
 *     visit, encrypted, in one signed request)
 */
@ConfigurationProperties("carenet.http")
public record HttpProperties(DataSize maxBodySize, DataSize maxHandoverSize) {

    /** Where hospitals hand over patients' records to each other: these requests may be as large as a record. */
    public static final String HANDOVERS = "/api/network/handovers/";

    public HttpProperties {
        if (maxBodySize == null) {
            maxBodySize = DataSize.ofKilobytes(256);
        }
        if (maxHandoverSize == null) {
            maxHandoverSize = DataSize.ofMegabytes(64);
        }
    }
}
