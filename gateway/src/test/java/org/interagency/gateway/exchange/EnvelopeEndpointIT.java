package org.interagency.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.interagency.gateway.envelope.EnvelopeSealer;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.testing.GatewayPair;
import org.interagency.gateway.testing.Messages;
import org.interagency.gateway.testing.TestGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /exchange/v1/envelopes} as a partner gateway, or an attacker holding a partner
 * gateway's TLS key, would call it: forged, replayed and misdirected envelopes are refused
 * with the exact error code and leave nothing in an inbox.
 */
class EnvelopeEndpointIT {

    private static final String PKCS7 = "application/pkcs7-mime";
    private static final String RECIPIENT = "contra-costa.probation";

    private static GatewayPair pair;

    @RegisterExtension
    static final BeforeAllCallback START = context -> pair = GatewayPair.get(context);

    private final JsonMapper json = JsonMapper.builder().build();
    private TestGateway contraCosta;
    private Path alamedaTls;

    @BeforeEach
    void gateways() {
        contraCosta = pair.contraCosta();
        alamedaTls = pair.alameda().gatewayTls();
    }

    @Test
    void sameEnvelopeTwiceGetsTheSameReceiptAndOneInboxEntry() {
        String id = Messages.newId();
        byte[] envelope = seal(Messages.withId("valid.json", id));

        HttpResponse<byte[]> first = contraCosta.postAs(alamedaTls, "/exchange/v1/envelopes", PKCS7, envelope);
        HttpResponse<byte[]> second = contraCosta.postAs(alamedaTls, "/exchange/v1/envelopes", PKCS7, envelope);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(contraCosta.bean(Ledger.class).entriesFor(id).stream().filter(e -> e.event().name().equals("DELIVERED")))
                .hasSize(2);
    }

    @Test
    void newEnvelopeWithAnOpenedMessageIdIsRefused() {
        String message = Messages.withId("valid.json", Messages.newId());
        assertThat(contraCosta.postAs(alamedaTls, "/exchange/v1/envelopes", PKCS7, seal(message)).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> replay = contraCosta.postAs(alamedaTls, "/exchange/v1/envelopes", PKCS7, seal(message));

        assertRefused(replay, 409, "REPLAYED_MESSAGE");
    }

    @Test
    void envelopeDeliveredByAnotherCountysGatewayIsRefused() {
        String id = Messages.newId();

        HttpResponse<byte[]> response = contraCosta.postAs(contraCosta.gatewayTls(), "/exchange/v1/envelopes", PKCS7,
                seal(Messages.withId("valid.json", id)));

        assertRefused(response, 403, "SENDER_COUNTY_MISMATCH");
        assertThat(contraCosta.get(RECIPIENT, "/api/v1/inbox/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void tamperedEnvelopeIsRefusedAndLeavesNothing() {
        String id = Messages.newId();
        byte[] envelope = seal(Messages.withId("valid.json", id));
        envelope[envelope.length - 20] ^= 0x01;

        HttpResponse<byte[]> response = contraCosta.postAs(alamedaTls, "/exchange/v1/envelopes", PKCS7, envelope);

        assertRefused(response, 422, "ENVELOPE_DECRYPTION_FAILED");
        assertThat(contraCosta.bean(Ledger.class).entriesFor(id)).isEmpty();
        assertThat(contraCosta.get(RECIPIENT, "/api/v1/inbox/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void garbageIsRefusedAsMalformed() {
        HttpResponse<byte[]> response = contraCosta.postAs(alamedaTls, "/exchange/v1/envelopes", PKCS7,
                "not a CMS structure".getBytes(StandardCharsets.UTF_8));

        assertRefused(response, 400, "ENVELOPE_MALFORMED");
    }

    @Test
    void signerWhoIsNotTheMessageSenderIsRefused() {
        String message = Messages.withId("valid.json", Messages.newId());

        HttpResponse<byte[]> response = contraCosta.postAs(alamedaTls, "/exchange/v1/envelopes", PKCS7,
                seal(message, "alameda.probation"));

        assertRefused(response, 422, "SIGNER_SENDER_MISMATCH");
    }

    @Test
    void messageTwoDaysOldIsRefusedAndRecorded() {
        String id = Messages.newId();
        String message = Messages.withIdAt("valid.json", id, Instant.now().minus(Duration.ofDays(2)));

        HttpResponse<byte[]> response = contraCosta.postAs(alamedaTls, "/exchange/v1/envelopes", PKCS7, seal(message));

        assertRefused(response, 422, "MESSAGE_OUTSIDE_WINDOW");
        assertThat(contraCosta.bean(Ledger.class).entriesFor(id))
                .anySatisfy(entry -> {
                    assertThat(entry.event().name()).isEqualTo("REFUSED");
                    assertThat(entry.reasonCode()).isEqualTo("MESSAGE_OUTSIDE_WINDOW");
                });
        assertThat(contraCosta.get(RECIPIENT, "/api/v1/inbox/" + id).statusCode()).isEqualTo(404);
    }

    private byte[] seal(String message) {
        return seal(message, "alameda.juvenile-hall");
    }

    private byte[] seal(String message, String signer) {
        SigningIdentity identity = KeyMaterial.loadSigningIdentity(
                pair.pki().resolve("alameda/agencies/" + signer + ".p12"), DevPki.PASSWORD.toCharArray());
        // The sealing step of a gateway names the MOU version; a hand-sealed message must too.
        return new EnvelopeSealer().seal(pair.withProtocolMou(message).getBytes(StandardCharsets.UTF_8), identity,
                List.of(KeyMaterial.readCertificate(pair.pki().resolve("contra-costa/gateway-encryption.crt"))));
    }

    private void assertRefused(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as("HTTP status").isEqualTo(status);
        assertThat(json.readTree(response.body()).path("issue").path(0).path("details").path("coding").path(0).path("code")
                .asString()).isEqualTo(code);
    }
}
