package org.interagency.gateway.policy;

import java.time.Clock;
import org.interagency.gateway.consent.ConsentStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires the policy engine and the consent store. */
@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

    @Bean
    PolicyEngine policyEngine(MouRepository mous, PolicyProperties properties) {
        return new PolicyEngine(mous, properties.dataClasses());
    }

    @Bean
    ConsentStore consentStore(JdbcClient jdbc, Clock clock) {
        return new ConsentStore(jdbc, clock);
    }
}
