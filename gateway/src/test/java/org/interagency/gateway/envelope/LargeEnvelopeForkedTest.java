package org.interagency.gateway.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals and opens a 50 MiB message in a separate JVM limited to a 256 MiB heap, which fails
 * with OutOfMemoryError if either side keeps the message, or a few copies of it, in memory.
 */
class LargeEnvelopeForkedTest {

    private static final long CONTENT_SIZE = 50L * 1024 * 1024;
    private static final long SEED = 20_261_204L;
    private static final String MAX_HEAP = "-Xmx256m";

    @TempDir
    Path work;

    @Test
    void fiftyMebibytesRoundTripInSmallHeap() throws Exception {
        Path output = work.resolve("output.txt");
        Process process = new ProcessBuilder(javaExecutable(), MAX_HEAP,
                "-cp", System.getProperty("java.class.path"),
                LargeEnvelopeRoundTrip.class.getName(),
                work.toString(), Long.toString(CONTENT_SIZE), Long.toString(SEED))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(finished).as("forked round trip finished within 120 s; output:%n%s", log).isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", log).isZero();
        Map<String, String> values = values(log);
        assertThat(values.get("content-size")).isEqualTo(Long.toString(CONTENT_SIZE));
        assertThat(values.get("content-sha256")).isEqualTo(expectedSha256());
        assertThat(Long.parseLong(values.get("envelope-size"))).isGreaterThan(CONTENT_SIZE);
        System.out.println("50 MiB round trip with " + MAX_HEAP + ": peak-heap-bytes=" + values.get("peak-heap-bytes"));
    }

    private static String expectedSha256() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(new SyntheticContent(CONTENT_SIZE, SEED), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Map<String, String> values(String log) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : log.lines().toList()) {
            int equals = line.indexOf('=');
            if (equals > 0 && line.matches("[a-z0-9-]+=\\S+")) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    private static String javaExecutable() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            throw new IOException("No java executable at " + java + "; the forked test needs the running JDK");
        }
        return java.toString();
    }
}
