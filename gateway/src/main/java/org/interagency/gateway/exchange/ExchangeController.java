package org.interagency.gateway.exchange;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.interagency.gateway.api.CamelCalls;
import org.interagency.gateway.api.RequestBodies;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /exchange/v1}: partner gateways deliver envelopes and acknowledgement receipts here,
 * over mutual TLS. The county of the caller is the one its TLS client certificate names.
 */
@RestController
@RequestMapping("/exchange/v1")
public class ExchangeController {

    private static final MediaType PKCS7 = MediaType.parseMediaType(PeerClient.PKCS7_MIME);

    private final CamelCalls camel;
    private final GatewayProperties properties;

    public ExchangeController(CamelCalls camel, GatewayProperties properties) {
        this.camel = camel;
        this.properties = properties;
    }

    /** Opens an envelope and answers with the signed delivery receipt. */
    @PostMapping("/envelopes")
    public ResponseEntity<byte[]> envelope(HttpServletRequest request, @AuthenticationPrincipal Caller peer) throws IOException {
        byte[] envelope = readCms(request);
        byte[] receipt = camel.call("direct:inbound-envelope", envelope, Map.of(Headers.SENDER_COUNTY, peer.id()))
                .getBody(byte[].class);
        return ResponseEntity.ok().contentType(PKCS7).body(receipt);
    }

    /** Accepts a signed acknowledgement receipt for a message this gateway sent. */
    @PostMapping("/receipts")
    public ResponseEntity<byte[]> receipt(HttpServletRequest request, @AuthenticationPrincipal Caller peer) throws IOException {
        byte[] receipt = readCms(request);
        camel.call("direct:receipt-intake", receipt, Map.of(Headers.SENDER_COUNTY, peer.id()));
        return ResponseEntity.accepted().build();
    }

    private byte[] readCms(HttpServletRequest request) throws IOException {
        return readCms(request, properties.getIntake().getMaxBodySize());
    }

    /**
     * Reads a body of type {@code application/pkcs7-mime} of at most {@code limit} bytes.
     *
     * @throws GatewayException UNSUPPORTED_MEDIA_TYPE for another content type
     */
    public static byte[] readCms(HttpServletRequest request, DataSize limit) throws IOException {
        String type = request.getContentType() == null ? "" : request.getContentType().split(";")[0].trim();
        if (!PeerClient.PKCS7_MIME.equalsIgnoreCase(type)) {
            throw new GatewayException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "content type '" + type + "' is not supported; send "
                    + PeerClient.PKCS7_MIME);
        }
        return RequestBodies.read(request, limit);
    }
}
