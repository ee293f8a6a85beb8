package org.interagency.gateway.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The digest form the ledger stores for payloads and envelopes: {@code sha256:<hex>}. */
public final class PayloadDigest {

    private PayloadDigest() {
    }

    /** Returns the SHA-256 digest of {@code bytes} as {@code sha256:<lowercase hex>}. */
    public static String of(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the Java runtime", e);
        }
    }
}
