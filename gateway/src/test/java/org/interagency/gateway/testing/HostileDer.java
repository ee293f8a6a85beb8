package org.interagency.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/** Builders of hand-made DER and BER for the tests that feed the envelope parser hostile input. */
public final class HostileDer {

    private HostileDer() {
    }

    /** Returns {@code depth} indefinite-length SEQUENCEs, each closed by end-of-contents octets. */
    public static byte[] nestedIndefinite(int depth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(depth * 4);
        for (int i = 0; i < depth; i++) {
            out.write(0x30);
            out.write(0x80);
        }
        for (int i = 0; i < depth; i++) {
            out.write(0);
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Returns the DER encoding of an object identifier. */
    public static byte[] encoded(ASN1ObjectIdentifier oid) {
        try {
            return oid.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the parts one after another. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
