package org.interagency.gateway.cli;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's last steps, as each county's compliance officer would take them: read the
 * accounting of disclosures of the example youth, which must list the message just sent for
 * every recipient (and after {@code --clean} nothing else), then verify the ledger once a
 * partner has witnessed a checkpoint of it.
 */
final class DemoAudit {

    /** The example youth's identifier, as {@code system|value}. */
    static final String SUBJECT = "urn:interagency:youth:alameda|ALA-Y-0001";

    private static final String OFFICER = "compliance-officer";
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(1);

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

    /**
     * Waits until a checkpoint that the partner acknowledged covers each gateway's ledger as it
     * stood after the exchange (and is time-stamped, when {@code timestamped}), then prints the
     * verification. Fails the demo on
     * any problem or after a minute.
     */
    void verifyLedgers(List<DemoGateway> gateways, boolean timestamped) throws Exception {
        System.out.println();
        System.out.println("ledger verification, once the partner gateway has witnessed a checkpoint:");
        Instant deadline = Instant.now().plus(CHECKPOINT_TIMEOUT);
        for (DemoGateway gateway : gateways) {
            JsonNode report = verify(gateway);
            long exchanged = report.path("headSeq").asLong();
            while (report.path("witnessedUpTo").asLong() < exchanged
                    || timestamped && report.path("timestamped").asInt() == 0) {
                if (Instant.now().isAfter(deadline)) {
                    throw new DemoCommand.DemoFailure("no checkpoint of the " + gateway.county() + " ledger was witnessed "
                            + "within " + CHECKPOINT_TIMEOUT.toSeconds() + " s; see " + gateway.log());
                }
                Thread.sleep(1000);
                report = verify(gateway);
            }
            if (!report.path("problems").isEmpty()) {
                throw new DemoCommand.DemoFailure("the ledger of " + gateway.county() + " does not verify: "
                        + report.path("problems").get(0).path("detail").asString());
            }
            System.out.printf("  %-13s intact: %d entries, %d signed checkpoints (%d time-stamped), witnessed by the partner up to entry %d%n",
                    gateway.county(), report.path("entries").asLong(), report.path("checkpoints").asInt(),
                    report.path("timestamped").asInt(), report.path("witnessedUpTo").asLong());
        }
    }

    private JsonNode verify(DemoGateway gateway) throws Exception {
        HttpResponse<String> response = gateway.get(OFFICER, "/api/v1/audit/verify");
        if (response.statusCode() != 200) {
            throw new DemoCommand.DemoFailure("the ledger verification at " + gateway.county() + " responded with "
                    + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}
