package org.interagency.gateway.fhir;

import java.util.List;

import org.hl7.fhir.r4.model.Bundle;

/**
 * A message Bundle that passed validation against the profile of its exchange type, with
 * the MessageHeader fields the routing and policy steps read.
 *
 * @param bundle the parsed message Bundle
 * @param messageId the MessageHeader id, a lowercase UUID
 * @param exchangeType the MessageHeader eventCoding code, such as {@code detention-notice}
 * @param senderAgency the MessageHeader sender identifier value, such as {@code alameda.juvenile-hall}
 * @param destinationEndpoints every MessageHeader destination endpoint in message order,
 *     such as {@code urn:point-person:contra-costa:probation}
 */
public record ParsedMessage(
        Bundle bundle,
        String messageId,
        String exchangeType,
        String senderAgency,
        List<String> destinationEndpoints) {

    public ParsedMessage {
        destinationEndpoints = List.copyOf(destinationEndpoints);
    }
}
