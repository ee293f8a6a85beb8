package org.interagency.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bouncycastle.tsp.TimeStampResponse;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.pki.OpensslTimestampAuthority;
import org.interagency.gateway.testing.Openssl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RFC 3161 client against {@code openssl ts -reply} as the authority. */
class TimestampAuthorityIT {

    private static OpensslTimestampAuthority tsa;

    @TempDir
    Path work;

    @BeforeAll
    static void startAuthority() throws Exception {
        tsa = OpensslTimestampAuthority.start();
    }

    @AfterAll
    static void stopAuthority() {
        tsa.close();
    }

    @Test
    void tokenCoversTheDataAndVerifiesWithOpenssl() throws Exception {
        byte[] data = "signed checkpoint stand-in".getBytes(StandardCharsets.UTF_8);

        byte[] response = new TimestampAuthority(tsa.url(), Duration.ofSeconds(10)).timestamp(data);

        assertThat(new TimeStampResponse(response).getTimeStampToken().getTimeStampInfo().getMessageImprintAlgOID().getId())
                .isEqualTo("2.16.840.1.101.3.4.2.1");
        Files.write(work.resolve("data.bin"), data);
        Files.write(work.resolve("reply.tsr"), response);
        Openssl.run(work, "ts", "-verify", "-data", "data.bin", "-in", "reply.tsr", "-CAfile",
                tsa.rootCertificate().toString(), "-untrusted", tsa.certificate().toString());
    }

    @Test
    void tokenDoesNotVerifyOtherData() throws Exception {
        byte[] response = new TimestampAuthority(tsa.url(), Duration.ofSeconds(10)).timestamp(new byte[] {1, 2, 3});
        Files.write(work.resolve("other.bin"), new byte[] {1, 2, 4});
        Files.write(work.resolve("reply.tsr"), response);

        Process process = new ProcessBuilder("openssl", "ts", "-verify", "-data", "other.bin", "-in", "reply.tsr",
                "-CAfile", tsa.rootCertificate().toString(), "-untrusted", tsa.certificate().toString())
                .directory(work.toFile()).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();

        assertThat(process.waitFor()).isNotZero();
    }

    @Test
    void unreachableAuthorityIsNamed() {
        TimestampAuthority absent = new TimestampAuthority(URI.create("http://127.0.0.1:9/"), Duration.ofSeconds(2));

        assertThatThrownBy(() -> absent.timestamp(new byte[] {1}))
                .isInstanceOf(GatewayException.class)
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(ErrorCode.TIMESTAMP_UNAVAILABLE))
                .hasMessageContaining("http://127.0.0.1:9/ could not be reached");
    }
}
