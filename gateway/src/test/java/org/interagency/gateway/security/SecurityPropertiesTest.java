package org.interagency.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SecurityPropertiesTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private final Validator validator = FACTORY.getValidator();

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void defaultsAreValidAndCertificatesOnly() {
        SecurityProperties properties = new SecurityProperties();

        assertThat(validator.validate(properties)).isEmpty();
        assertThat(properties.getClientCertificates().isEnabled()).isTrue();
        assertThat(properties.getTokens().isEnabled()).isFalse();
    }

    @Test
    void enabledTokensWithoutIssuerNameTheSetting() {
        SecurityProperties properties = new SecurityProperties();
        properties.getTokens().setEnabled(true);

        Set<ConstraintViolation<SecurityProperties>> violations = validator.validate(properties);

        assertThat(violations).hasSize(1);
        assertThat(violations.iterator().next().getMessage()).contains("gateway.security.tokens.issuer-uri");
    }
}
