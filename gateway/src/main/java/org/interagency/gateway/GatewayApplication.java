package org.interagency.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/** The county gateway as a Spring Boot application; {@code bin/gateway run} starts it. */
// No user store: callers authenticate with client certificates only.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** Starts the gateway with Spring Boot arguments such as {@code --gateway.config-dir=...}. */
    public static ConfigurableApplicationContext start(String... args) {
        return SpringApplication.run(GatewayApplication.class, args);
    }

    public static void main(String[] args) {
        start(args);
    }
}
