package org.interagency.gateway.envelope;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Reads the contentType of a BER ContentInfo (RFC 5652, section 3) from the head of a
 * stream, so the opener can choose the Bouncy Castle parser before it parses. It reads only
 * the SEQUENCE header and the OBJECT IDENTIFIER, and returns a stream that replays those
 * bytes followed by the rest of the input. Input that does not start that way gets no
 * content type, so the parser chosen next reports the error, as it would without this step.
 */
final class ContentTypeReader {

    /** The largest OBJECT IDENTIFIER encoding read as a content type. The content types of RFC 5652 and RFC 5083 take 9 to 11 bytes. */
    private static final int MAX_OID_LENGTH = 64;

    /**
     * The content type, or null if the head is no SEQUENCE starting with an OBJECT IDENTIFIER,
     * and a stream that starts again at the first byte of the input.
     */
    record Head(ASN1ObjectIdentifier contentType, InputStream contentInfo) {
    }

    private ContentTypeReader() {
    }

    /**
     * Reads the head of the ContentInfo.
     *
     * @throws IOException if reading the input fails
     */
    static Head read(InputStream in) throws IOException {
        ByteArrayOutputStream consumed = new ByteArrayOutputStream();
        ASN1ObjectIdentifier contentType = readContentType(in, consumed);
        return new Head(contentType, new SequenceInputStream(new ByteArrayInputStream(consumed.toByteArray()), in));
    }

    private static ASN1ObjectIdentifier readContentType(InputStream in, ByteArrayOutputStream consumed)
            throws IOException {
        if (readByte(in, consumed) != 0x30 || readLength(in, consumed) == -2) {
            return null;
        }
        if (readByte(in, consumed) != 0x06) {
            return null;
        }
        long oidLength = readLength(in, consumed);
        if (oidLength < 1 || oidLength > MAX_OID_LENGTH) {
            return null;
        }

        byte[] oid = in.readNBytes((int) oidLength);
        consumed.write(oid);
        if (oid.length < oidLength) {
            return null;
        }
        try {
            return ASN1ObjectIdentifier.fromContents(oid);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Reads a BER length (X.690, section 8.1.3) and returns it, -1 for the indefinite form, or
     * -2 if the input ends or the length has more than 4 octets.
     */
    private static long readLength(InputStream in, ByteArrayOutputStream consumed) throws IOException {
        int first = readByte(in, consumed);
        if (first < 0) {
            return -2;
        }
        if (first < 0x80) {
            return first;
        }
        if (first == 0x80) {
            return -1;
        }
        int octets = first & 0x7f;
        if (octets > 4) {
            return -2;
        }
        long length = 0;
        for (int i = 0; i < octets; i++) {
            int b = readByte(in, consumed);
            if (b < 0) {
                return -2;
            }
            length = (length << 8) | b;
        }
        return length;
    }

    /** Reads one byte and records it, or returns -1 at the end of the input. */
    private static int readByte(InputStream in, ByteArrayOutputStream consumed) throws IOException {
        int b = in.read();
        if (b >= 0) {
            consumed.write(b);
        }
        return b;
    }
}
