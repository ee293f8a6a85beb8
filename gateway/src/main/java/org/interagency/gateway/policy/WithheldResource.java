package org.interagency.gateway.policy;

import java.util.Set;

/**
 * A Bundle entry the decision removes, with its data classes and why no covering clause lets
 * it flow. The reason names classes, clauses and consents, never content.
 */
public record WithheldResource(String fullUrl, String resourceType, Set<String> dataClasses, String reason) {

    @Override
    public String toString() {
        return resourceType + " " + fullUrl + " " + dataClasses + ": " + reason;
    }
}
