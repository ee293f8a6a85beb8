package org.interagency.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class EffectiveSettingsTest {

    @Test
    void secretsAreMaskedAndOtherAreasLeftOut() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "gateway.county", "alameda",
                "gateway.keys.password", "dev-only-password",
                "spring.ssl.bundle.jks.gateway.keystore.password", "dev-only-password",
                "spring.datasource.url", "jdbc:postgresql://db.example.org/gateway?user=gateway&password=hunter2",
                "gateway.security.tokens.issuer-uri", "https://gateway:s3cret@sso.example.org/realms/alameda",
                "some.other.secret", "never-listed")));

        Map<String, String> settings = EffectiveSettings.of(environment);

        assertThat(settings).containsEntry("gateway.county", "alameda");
        assertThat(settings).containsEntry("gateway.keys.password", EffectiveSettings.MASK);
        assertThat(settings).containsEntry("spring.ssl.bundle.jks.gateway.keystore.password", EffectiveSettings.MASK);
        assertThat(settings).containsEntry("spring.datasource.url",
                "jdbc:postgresql://db.example.org/gateway?user=gateway&password=" + EffectiveSettings.MASK);
        assertThat(settings).containsEntry("gateway.security.tokens.issuer-uri",
                "https://gateway:" + EffectiveSettings.MASK + "@sso.example.org/realms/alameda");
        assertThat(settings).doesNotContainKey("some.other.secret");
    }

    @Test
    void emptySecretStaysEmpty() {
        assertThat(EffectiveSettings.masked("gateway.keys.password", "")).isEmpty();
    }
}
