package org.interagency.gateway.envelope;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The decrypting stream of an AuthEnvelopedData or EnvelopedData, recording whether it
 * reached its end and the first read failure. Bouncy Castle checks the GCM tag, or the CBC
 * padding, on the read that reaches the end. A parser reading the stream may wrap or drop
 * that failure, so this stream keeps it.
 */
final class TagCheckedStream extends FilterInputStream {

    private boolean reachedEnd;
    private IOException failure;

    TagCheckedStream(InputStream decrypting) {
        super(decrypting);
    }

    /** Returns whether a read returned the end of the stream without a failure before it. */
    boolean reachedEnd() {
        return reachedEnd && failure == null;
    }

    /** Returns the first read failure, or null if none occurred. */
    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            int n = super.read(buffer, offset, count);
            if (n < 0) {
                reachedEnd = true;
            }
            return n;
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public long skip(long count) throws IOException {
        byte[] discard = new byte[(int) Math.min(count, 8192)];
        int n = read(discard, 0, discard.length);
        return Math.max(n, 0);
    }
}
