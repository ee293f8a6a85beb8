package org.interagency.gateway.envelope;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Seals and opens one large synthetic message through files, for {@link LargeEnvelopeForkedTest}
 * to run in a JVM with a small heap. Prints {@code key=value} lines: the SHA-256 and size of
 * the opened content, the envelope size, and the sum of the heap pools' peak usage.
 *
 * <p>Arguments: the work folder, the content size in bytes and the seed of the content.
 */
public final class LargeEnvelopeRoundTrip {

    private LargeEnvelopeRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long size = Long.parseLong(args[1]);
        long seed = Long.parseLong(args[2]);
        TestPki pki = TestPki.create(Files.createDirectories(work.resolve("pki")));
        Path envelope = work.resolve("envelope.p7m");
        Path opened = Files.createDirectories(work.resolve("opened"));

        try (InputStream content = new SyntheticContent(size, seed);
                OutputStream out = Files.newOutputStream(envelope)) {
            new EnvelopeSealer().seal(content, pki.agencySigner(), List.of(pki.encryptionCertificate(TestPki.COUNTY)), out);
        }

        try (InputStream in = Files.newInputStream(envelope);
                OpenedEnvelopeFile file = new EnvelopeOpener().open(in, List.of(pki.decryptionKey(TestPki.COUNTY)),
                        pki.trustAnchors(), Instant.now(), opened)) {
            System.out.println("content-sha256=" + sha256(file));
            System.out.println("content-size=" + file.contentSize());
        }
        System.out.println("envelope-size=" + Files.size(envelope));
        System.out.println("peak-heap-bytes=" + peakHeap());
    }

    private static String sha256(OpenedEnvelopeFile file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(file.openContent(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Sums the peak of each heap pool; the pools peak at different times, so this is an upper bound. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
