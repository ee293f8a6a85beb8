package org.interagency.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.interagency.gateway.envelope.DecryptionKey;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.envelope.SigningIdentity;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;

/**
 * The private keys this gateway holds: one signing key per agency it serves, the keys that
 * open envelopes sent to it, and the key it signs receipts with.
 */
public class GatewayKeys {

    private final GatewayProperties properties;
    private final Map<String, SigningIdentity> agencyIdentities = new ConcurrentHashMap<>();
    private final List<DecryptionKey> decryptionKeys;
    private final SigningIdentity receiptSigning;

    public GatewayKeys(GatewayProperties properties) {
        this.properties = properties;
        char[] password = password();
        this.decryptionKeys = properties.getKeys().getEncryption().stream()
                .map(path -> KeyMaterial.loadDecryptionKey(existing("gateway.keys.encryption", path), password))
                .toList();
        this.receiptSigning = KeyMaterial.loadSigningIdentity(
                existing("gateway.keys.receipt-signing", properties.getKeys().getReceiptSigning()), password);
    }

    /**
     * Returns the signing identity of {@code agencyId}, read from
     * {@code <agency-signing-folder>/<agency-id>.p12} on first use.
     */
    public SigningIdentity agencySigning(String agencyId) {
        return agencyIdentities.computeIfAbsent(agencyId, id -> {
            Path file = properties.resolve(properties.getKeys().getAgencySigningFolder()).resolve(id + ".p12");
            if (!Files.isRegularFile(file)) {
                throw new GatewayException(ErrorCode.KEY_UNAVAILABLE, "no signing keystore for agency " + id + " at "
                        + file + "; add it or correct gateway.keys.agency-signing-folder");
            }
            return KeyMaterial.loadSigningIdentity(file, password());
        });
    }

    /** Returns every key that may open an envelope sent to this gateway; opening tries each. */
    public List<DecryptionKey> decryptionKeys() {
        return decryptionKeys;
    }

    /** Returns the identity this gateway signs its receipts with. */
    public SigningIdentity receiptSigning() {
        return receiptSigning;
    }

    private Path existing(String key, Path configured) {
        Path file = properties.resolve(configured);
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(key + " names " + file
                    + ", which does not exist; run 'bin/gateway certs init' for the demo PKI or correct the setting");
        }
        return file;
    }

    private char[] password() {
        return properties.getKeys().getPassword().toCharArray();
    }
}
