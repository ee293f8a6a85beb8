package org.interagency.gateway.envelope;

import java.io.InputStream;
import java.util.SplittableRandom;

/** A reproducible stream of pseudo-random bytes, so large content never sits in the heap. */
final class SyntheticContent extends InputStream {

    private final SplittableRandom random;
    private long remaining;

    SyntheticContent(long size, long seed) {
        this.random = new SplittableRandom(seed);
        this.remaining = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (remaining == 0) {
            return -1;
        }
        int n = (int) Math.min(length, remaining);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = (byte) random.nextInt(256);
        }
        remaining -= n;
        return n;
    }
}
