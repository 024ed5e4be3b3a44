package org.carenet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** One hospital's node. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CarenetNode {

    public static void main(String[] args) {
        SpringApplication.run(CarenetNode.class, args);
    }
}
