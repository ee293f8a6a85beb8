package org.interagency.gateway.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.exchange.ExchangeController;
import org.interagency.gateway.exchange.PeerClient;
import org.interagency.gateway.ledger.Checkpoints;
import org.interagency.gateway.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /exchange/v1/checkpoints}: a partner gateway sends a signed checkpoint of its
 * ledger; this gateway stores it and responds with its signed acknowledgement.
 */
@RestController
public class CheckpointController {

    private static final MediaType PKCS7 = MediaType.parseMediaType(PeerClient.PKCS7_MIME);

    private final Checkpoints checkpoints;
    private final GatewayProperties properties;

    public CheckpointController(Checkpoints checkpoints, GatewayProperties properties) {
        this.checkpoints = checkpoints;
        this.properties = properties;
    }

    /** Stores the partner's checkpoint and returns the signed acknowledgement. */
    @PostMapping(Checkpoints.CHECKPOINTS_PATH)
    public ResponseEntity<byte[]> witness(HttpServletRequest request, @AuthenticationPrincipal Caller peer) throws IOException {
        byte[] checkpoint = ExchangeController.readCms(request, properties.getIntake().getMaxBodySize());

        byte[] acknowledgement = checkpoints.witness(checkpoint, peer.id());

        return ResponseEntity.ok().contentType(PKCS7).body(acknowledgement);
    }
}
