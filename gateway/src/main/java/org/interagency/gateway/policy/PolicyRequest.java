package org.interagency.gateway.policy;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.interagency.gateway.directory.Agency;

/**
 * What the policy engine decides on: one message Bundle from {@code sender} to one
 * {@code recipient}, for {@code purpose}, with the youth's Consents the deciding gateway has
 * (the sender's consent store, or the Consents the message carries), on {@code day}.
 */
public record PolicyRequest(Agency sender, Agency recipient, String exchangeType, String purpose, Bundle bundle,
        List<Consent> consents, LocalDate day) {

    public PolicyRequest {
        consents = List.copyOf(consents);
    }
}
