package org.interagency.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class ConfigurationFailureAnalyzerTest {

    @Test
    void wrappedConfigurationErrorIsReported() {
        InvalidConfigurationException cause = new InvalidConfigurationException(
                "mous/mou-test.yml:6: property 'colour' is not defined; remove it");
        BeanCreationException failure = new BeanCreationException("mouRepository", "bean creation failed", cause);

        FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("mous/mou-test.yml:6: property 'colour' is not defined; remove it");
        assertThat(analysis.getAction()).contains("Correct the file named above");
    }

    @Test
    void otherFailureIsLeftToSpring() {
        FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(new IllegalStateException("port in use"));

        assertThat(analysis).isNull();
    }
}
