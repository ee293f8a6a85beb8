package org.interagency.gateway.cli;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's last step: each county's compliance officer asks its gateway for the accounting
 * of disclosures of the example youth, and the demo checks that it lists the message just
 * sent for every recipient. After {@code --clean} it must list nothing else.
 */
final class DemoDisclosures {

    /** The example youth's identifier, as {@code system|value}. */
    static final String SUBJECT = "http://contra-costa.example.org/fhir/sid/child-welfare-case|CC-CW-2026-00417";

    private static final String OFFICER = "compliance-officer";

    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * Prints each gateway's accounting and fails the demo when it lacks a disclosure of
     * {@code messageId} to one of {@code recipients}, or, when {@code exact}, lists any other.
     */
    void check(List<DemoGateway> gateways, String messageId, List<String> recipients, boolean exact) throws Exception {
        System.out.println();
        System.out.println("accounting of disclosures for the example youth (" + SUBJECT + "), as each county's "
                + "compliance officer reads it:");
        for (DemoGateway gateway : gateways) {
            HttpResponse<String> response = gateway.get(OFFICER, "/api/v1/audit/disclosures?subject="
                    + URLEncoder.encode(SUBJECT, StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new DemoCommand.DemoFailure("the accounting of disclosures at " + gateway.county()
                        + " responded with " + response.statusCode() + ": " + response.body());
            }

            List<String> listed = new ArrayList<>();
            for (JsonNode disclosure : json.readTree(response.body()).path("disclosures")) {
                String recipient = disclosure.path("recipientAgency").asString();
                String id = disclosure.path("messageId").asString();
                listed.add(id + " " + recipient);
                System.out.printf("  %-13s %s %s -> %s under %s, last step %s%n", gateway.county(), id,
                        disclosure.path("senderAgency").asString(), recipient,
                        disclosure.path("mouClause").asString("no recorded MOU clause"),
                        disclosure.path("lastEvent").asString());
            }

            List<String> expected = recipients.stream().map(recipient -> messageId + " " + recipient).toList();
            if (!listed.containsAll(expected) || exact && listed.size() != expected.size()) {
                throw new DemoCommand.DemoFailure("the accounting of disclosures at " + gateway.county() + " lists "
                        + listed + ", but the demo made exactly " + expected);
            }
        }
    }
}
