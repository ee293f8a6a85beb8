package org.interagency.gateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start stopped by an invalid configuration file into Spring Boot's short failure
 * report. The message already names the file, the place and the fix, so county IT staff
 * need it, not the stack trace of the bean that read the file.
 */
public class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct the file named above, or check it with 'bin/gateway mou validate FILE' for an MOU, "
                        + "and start the gateway again.", cause);
    }
}
