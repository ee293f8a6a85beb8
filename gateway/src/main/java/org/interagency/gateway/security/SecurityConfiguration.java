package org.interagency.gateway.security;

import org.interagency.gateway.api.OperationOutcomes;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.error.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;

/**
 * The access rules of the gateway. Compliance officers use {@code /api/v1/audit}, gateway
 * administrators {@code /api/v1/admin}, agency systems the rest of {@code /api/v1}, and partner
 * gateways {@code /exchange/v1}. Everything else is denied.
 *
 * <p>Partner gateways authenticate with TLS client certificates only, in a filter chain of
 * their own that never reads a bearer token. On {@code /api/v1} the settings under
 * {@code gateway.security} turn on client certificates, bearer tokens from the county's
 * OpenID provider, or both; either way the controllers receive the same {@link Caller}.
 */
@Configuration
public class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain exchangeSecurity(HttpSecurity http, Directory directory, GatewayProperties properties,
            OperationOutcomes outcomes) throws Exception {
        http.securityMatcher("/exchange/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterAt(new ClientCertificateFilter(directory, properties.getCounty()), X509AuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/exchange/v1/**").hasAuthority(Caller.Kind.PEER_GATEWAY.role())
                        .anyRequest().denyAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> outcomes.write(response, ErrorCode.UNAUTHENTICATED,
                                "present the TLS client certificate of your county's gateway"))
                        .accessDeniedHandler(forbidden(outcomes)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, Directory directory, GatewayProperties properties,
            SecurityProperties security, OperationOutcomes outcomes) throws Exception {
        SecurityProperties.Tokens tokens = security.getTokens();
        AuthenticationEntryPoint unauthenticated = unauthenticated(outcomes, security);

        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/v1/audit", "/api/v1/audit/**").hasAuthority(Caller.Kind.COMPLIANCE_OFFICER.role())
                        .requestMatchers("/api/v1/admin/**").hasAuthority(Caller.Kind.GATEWAY_ADMIN.role())
                        .requestMatchers("/api/v1/**").hasAuthority(Caller.Kind.AGENCY_SYSTEM.role())
                        .anyRequest().denyAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden(outcomes)));

        if (security.getClientCertificates().isEnabled()) {
            http.addFilterAt(new ClientCertificateFilter(directory, properties.getCounty()), X509AuthenticationFilter.class);
        }
        if (tokens.isEnabled()) {
            http.oauth2ResourceServer(resourceServer -> resourceServer
                    .authenticationEntryPoint(unauthenticated)
                    .accessDeniedHandler(forbidden(outcomes))
                    .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                        @Override
                        public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                            filter.setAuthenticationFailureHandler(tokenFailures(outcomes, unauthenticated));
                            return filter;
                        }
                    })
                    .jwt(jwt -> jwt
                            .decoder(TokenDecoders.create(tokens))
                            .jwtAuthenticationConverter(new TokenCallers(directory, properties.getCounty(), tokens))));
        }
        return http.build();
    }

    /**
     * Writes the 401 response. A rejected bearer token gets {@code TOKEN_INVALID} with the reason, which
     * names the failed check (expiry, issuer, audience, signature) and never the token itself.
     */
    private static AuthenticationEntryPoint unauthenticated(OperationOutcomes outcomes, SecurityProperties security) {
        return (request, response, e) -> {
            if (security.getTokens().isEnabled()) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, e instanceof OAuth2AuthenticationException
                        ? "Bearer error=\"invalid_token\"" : "Bearer");
            }
            if (e instanceof OAuth2AuthenticationException) {
                outcomes.write(response, ErrorCode.TOKEN_INVALID, "the bearer token was rejected: " + reason(e));
                return;
            }
            outcomes.write(response, ErrorCode.UNAUTHENTICATED, credentialsHint(security));
        };
    }

    /**
     * Writes 503, not 401, for a token that could not be checked because the provider's metadata
     * or JWK set could not be read: the token may be valid, and a retry can help.
     */
    private static AuthenticationFailureHandler tokenFailures(OperationOutcomes outcomes, AuthenticationEntryPoint unauthenticated) {
        return (request, response, e) -> {
            if (e instanceof AuthenticationServiceException) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "5");
                outcomes.write(response, ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE, "the bearer token could not be checked: "
                        + e.getMessage());
                return;
            }
            unauthenticated.commence(request, response, e);
        };
    }

    private static String reason(AuthenticationException e) {
        String description = ((OAuth2AuthenticationException) e).getError().getDescription();
        return description == null ? e.getMessage() : description;
    }

    private static String credentialsHint(SecurityProperties security) {
        SecurityProperties.Tokens tokens = security.getTokens();
        String token = "send 'Authorization: Bearer <token>' with an access token of " + tokens.getIssuerUri()
                + " for audience " + tokens.getAudience();
        String certificate = "present a client certificate issued to your agency";
        if (tokens.isEnabled() && security.getClientCertificates().isEnabled()) {
            return token + ", or " + certificate;
        }
        return tokens.isEnabled() ? token : certificate;
    }

    private static AccessDeniedHandler forbidden(OperationOutcomes outcomes) {
        return (request, response, e) -> outcomes.write(response, ErrorCode.FORBIDDEN,
                "this client may not call " + request.getRequestURI());
    }
}
