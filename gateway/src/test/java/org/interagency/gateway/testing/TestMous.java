package org.interagency.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.interagency.gateway.envelope.KeyMaterial;
import org.interagency.gateway.pki.DevPki;
import org.interagency.gateway.policy.MouSignatures;

/** Signs copied MOU files with a development PKI, so that gateways and commands in tests load them as active. */
public final class TestMous {

    private TestMous() {
    }

    /** Signs every MOU of {@code mousFolder} as each of its parties, with the agency keys of {@code pki}. */
    public static void signAsEveryParty(Path mousFolder, Path pki) {
        try {
            MouSignatures.signAsEveryParty(mousFolder, party -> KeyMaterial.loadSigningIdentity(
                    pki.resolve(party.substring(0, party.indexOf('.'))).resolve("agencies").resolve(party + ".p12"),
                    DevPki.PASSWORD.toCharArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
