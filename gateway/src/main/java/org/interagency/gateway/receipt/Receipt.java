package org.interagency.gateway.receipt;

import java.time.Instant;

/**
 * A verified receipt: which gateway confirmed what about which message. {@code agency} is the
 * acknowledging agency for ACKNOWLEDGED receipts and null otherwise.
 */
public record Receipt(ReceiptKind kind, String messageId, String county, String agency, String envelopeDigest,
        Instant signingTime) {
}
