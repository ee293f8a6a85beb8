package org.interagency.gateway.security;

import java.time.Duration;
import java.util.List;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Builds the decoder that checks bearer tokens: the signature against the provider's JWK set,
 * then issuer, audience and expiry. Only asymmetric signatures are accepted, so a token with
 * {@code alg: none} or an HMAC signature keyed with the public key is rejected before any
 * claim is read. Nimbus caches the JWK set and fetches it again when a token names a key id
 * it does not know, which is how a key rotation in the realm reaches the gateway.
 *
 * <p>NOTE: Spring Security 7.0 builds that JWK source with Nimbus's rate limiter off, so every
 * token with an unknown key id costs one JWK set request to the provider. Limit the request
 * rate in front of the gateway where the API is exposed to untrusted networks.
 */
final class TokenDecoders {

    /** Algorithms Keycloak and other OpenID providers sign access tokens with. */
    private static final List<SignatureAlgorithm> ALGORITHMS = List.of(
            SignatureAlgorithm.RS256, SignatureAlgorithm.PS256, SignatureAlgorithm.ES256);

    /** Time allowed for the provider to respond to a metadata or JWK set request. */
    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(5);

    private TokenDecoders() {
    }

    /**
     * Returns a decoder that reads the provider's metadata on the first token rather than at
     * start, so the gateway starts, and keeps serving client certificates, while the provider is down.
     */
    static JwtDecoder create(SecurityProperties.Tokens settings) {
        JwtDecoder lazy = new SupplierJwtDecoder(() -> build(settings));
        return token -> {
            try {
                return lazy.decode(token);
            } catch (JwtDecoderInitializationException e) {
                // Spring Security reads a plain JwtException, unlike a BadJwtException, as a token that
                // could not be checked, so SecurityConfiguration answers 503 rather than 401.
                throw new JwtException("the metadata of issuer " + settings.getIssuerUri() + " could not be read: "
                        + rootCause(e).getMessage(), e);
            }
        };
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private static JwtDecoder build(SecurityProperties.Tokens settings) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(PROVIDER_TIMEOUT);
        requests.setReadTimeout(PROVIDER_TIMEOUT);

        NimbusJwtDecoder decoder = (settings.getJwkSetUri().isBlank()
                ? NimbusJwtDecoder.withIssuerLocation(settings.getIssuerUri())
                : NimbusJwtDecoder.withJwkSetUri(settings.getJwkSetUri()))
                .jwsAlgorithms(algorithms -> {
                    algorithms.clear();
                    algorithms.addAll(ALGORITHMS);
                })
                .restOperations(new RestTemplate(requests))
                .build();

        decoder.setJwtValidator(validator(settings));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(SecurityProperties.Tokens settings) {
        JwtTimestampValidator expiry = new JwtTimestampValidator(settings.getClockSkew());
        expiry.setAllowEmptyExpiryClaim(false);
        return new DelegatingOAuth2TokenValidator<>(List.of(
                expiry,
                new JwtIssuerValidator(settings.getIssuerUri()),
                new JwtAudienceValidator(settings.getAudience())));
    }
}
