package org.interagency.gateway.envelope;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks the BER tag-length-value headers of a stream while Bouncy Castle reads it, so that
 * a hostile envelope fails before a parser allocates for it or recurses into it. It rejects
 * input longer than the size limit, length fields beyond that limit or beyond the enclosing
 * element, and constructed elements nested deeper than the depth limit.
 *
 * <p>The contents of primitive elements pass unchecked, so DER nested inside an OCTET STRING
 * is not seen here. The decrypted plaintext gets a guard of its own. NOTE: certificate
 * extension values are DER inside OCTET STRINGs, and only Bouncy Castle's own limits apply
 * to them.
 */
final class Asn1StructureGuard extends FilterInputStream {

    private enum State { TAG, TAG_NUMBER, LENGTH, LENGTH_OCTETS, PRIMITIVE_CONTENT }

    /** Marks an element of indefinite length on the stack of open elements. */
    private static final long INDEFINITE = -1;

    private final String name;
    private final long maxSize;
    private final int maxDepth;

    /** End offsets of the open constructed elements, innermost first. */
    private final Deque<Long> openEnds = new ArrayDeque<>();
    private State state = State.TAG;
    private long position;
    private boolean constructed;
    private boolean endOfContentsTag;
    private int lengthOctetsLeft;
    private long length;
    private long contentLeft;
    private int deepestNesting;

    private boolean tooLarge;
    private String violation;

    /**
     * @param name what the stream holds, for messages ("envelope", "decrypted SignedData")
     * @param maxSize the maximum number of bytes the stream may hold
     * @param maxDepth the maximum number of nested constructed elements
     */
    Asn1StructureGuard(InputStream in, String name, long maxSize, int maxDepth) {
        super(in);
        this.name = name;
        this.maxSize = maxSize;
        this.maxDepth = maxDepth;
    }

    /** Returns whether the stream passed the size limit. */
    boolean tooLarge() {
        return tooLarge;
    }

    /** Returns the structural problem found, or null if none was found. */
    String violation() {
        return violation;
    }

    /** Returns the deepest nesting of constructed elements read so far. */
    int deepestNesting() {
        return deepestNesting;
    }

    /** Returns the number of bytes read so far. */
    long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        failIfViolated();
        int n = super.read(buffer, offset, count);
        int i = 0;
        while (i < n) {
            if (state == State.PRIMITIVE_CONTENT) {
                int skipped = (int) Math.min(contentLeft, n - i);
                advance(skipped);
                contentLeft -= skipped;
                i += skipped;
                if (contentLeft == 0) {
                    state = State.TAG;
                    closeFinishedElements();
                }
            } else {
                advance(1);
                readHeaderOctet(buffer[offset + i] & 0xff);
                i++;
            }
        }
        return n;
    }

    @Override
    public long skip(long count) throws IOException {
        byte[] discard = new byte[(int) Math.min(count, 8192)];
        int n = read(discard, 0, discard.length);
        return Math.max(n, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int limit) {
        // Not supported: a reset would replay bytes the header state has already seen.
    }

    @Override
    public void reset() throws IOException {
        throw new IOException("mark and reset are not supported");
    }

    private void advance(long count) throws IOException {
        position += count;
        if (position > maxSize) {
            tooLarge = true;
            fail("The " + name + " is larger than the limit of " + maxSize + " bytes");
        }
    }

    private void readHeaderOctet(int octet) throws IOException {
        switch (state) {
            case TAG -> {
                constructed = (octet & 0x20) != 0;
                endOfContentsTag = octet == 0;
                state = (octet & 0x1f) == 0x1f ? State.TAG_NUMBER : State.LENGTH;
            }
            case TAG_NUMBER -> {
                if ((octet & 0x80) == 0) {
                    state = State.LENGTH;
                }
            }
            case LENGTH -> readFirstLengthOctet(octet);
            case LENGTH_OCTETS -> {
                length = (length << 8) | octet;
                // Checked per octet, so the shift cannot overflow with up to 8 length octets.
                if (length > maxSize) {
                    fail("A length field of the " + name + " at offset " + position + " exceeds the limit of "
                            + maxSize + " bytes");
                }
                if (--lengthOctetsLeft == 0) {
                    finishHeader(length);
                }
            }
            default -> throw new IllegalStateException("No header octet expected in state " + state);
        }
    }

    private void readFirstLengthOctet(int octet) throws IOException {
        if (octet == 0x80) {
            if (!constructed) {
                fail("A primitive element of the " + name + " at offset " + position + " has indefinite length");
            }
            finishHeader(INDEFINITE);
        } else if ((octet & 0x80) != 0) {
            lengthOctetsLeft = octet & 0x7f;
            if (lengthOctetsLeft > 8) {
                fail("A length field of the " + name + " at offset " + position + " has " + lengthOctetsLeft
                        + " octets; at most 8 are accepted");
            }
            length = 0;
            state = State.LENGTH_OCTETS;
        } else {
            finishHeader(octet);
        }
    }

    private void finishHeader(long contentLength) throws IOException {
        state = State.TAG;
        if (endOfContentsTag && contentLength == 0) {
            closeIndefiniteElement();
            return;
        }

        long end = contentLength == INDEFINITE ? INDEFINITE : position + contentLength;
        long enclosingEnd = nearestDefiniteEnd();
        if (end != INDEFINITE && enclosingEnd != INDEFINITE && end > enclosingEnd) {
            fail("An element of the " + name + " at offset " + position + " is longer than the element around it");
        }

        if (constructed) {
            openEnds.push(end);
            deepestNesting = Math.max(deepestNesting, openEnds.size());
            if (openEnds.size() > maxDepth) {
                fail("The " + name + " nests elements deeper than " + maxDepth + " levels");
            }
            closeFinishedElements();
        } else if (contentLength > 0) {
            contentLeft = contentLength;
            state = State.PRIMITIVE_CONTENT;
        } else {
            closeFinishedElements();
        }
    }

    private void closeIndefiniteElement() throws IOException {
        if (openEnds.isEmpty() || openEnds.peek() != INDEFINITE) {
            fail("The " + name + " has an unexpected end-of-contents octets at offset " + position);
        }
        openEnds.pop();
        closeFinishedElements();
    }

    /** Pops every definite-length element that ends at the current position. */
    private void closeFinishedElements() throws IOException {
        while (!openEnds.isEmpty() && openEnds.peek() != INDEFINITE && openEnds.peek() <= position) {
            if (openEnds.peek() < position) {
                fail("An element of the " + name + " ends inside another element at offset " + position);
            }
            openEnds.pop();
        }
    }

    private long nearestDefiniteEnd() {
        for (long end : openEnds) {
            if (end != INDEFINITE) {
                return end;
            }
        }
        return INDEFINITE;
    }

    private void fail(String message) throws IOException {
        if (violation == null) {
            violation = message;
        }
        throw new IOException(message);
    }

    private void failIfViolated() throws IOException {
        if (violation != null) {
            throw new IOException(violation);
        }
    }
}
