package org.interagency.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.interagency.gateway.envelope.VerificationSettings;
import org.junit.jupiter.api.Test;

class EnvelopeSettingsTest {

    @Test
    void defaultsMatchVerificationDefaults() {
        VerificationSettings settings = new GatewayProperties().getEnvelope().toVerificationSettings(Path.of("/etc/gateway"));
        VerificationSettings defaults = VerificationSettings.defaults();

        assertThat(settings.clockSkew()).isEqualTo(defaults.clockSkew());
        assertThat(settings.crlFolder()).isNull();
        assertThat(settings.crlDistributionPoints()).isTrue();
        assertThat(settings.crlFetchTimeout()).isEqualTo(defaults.crlFetchTimeout());
        assertThat(settings.ocspEnabled()).isFalse();
        assertThat(settings.algorithmPolicy().cbcAllowedPeers()).isEmpty();
    }

    @Test
    void settingsResolveCrlFolderAndPeers() {
        GatewayProperties.Envelope envelope = new GatewayProperties().getEnvelope();
        envelope.setCrlFolder(Path.of("trust/crl"));
        envelope.setCbcAllowedPeers(List.of("marin"));
        envelope.setClockSkew(Duration.ofMinutes(2));
        envelope.setOcspEnabled(true);

        VerificationSettings settings = envelope.toVerificationSettings(Path.of("/etc/gateway"));

        assertThat(settings.crlFolder()).isEqualTo(Path.of("/etc/gateway/trust/crl"));
        assertThat(settings.algorithmPolicy().cbcAllowedPeers()).containsExactly("marin");
        assertThat(settings.clockSkew()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.ocspEnabled()).isTrue();
    }
}
