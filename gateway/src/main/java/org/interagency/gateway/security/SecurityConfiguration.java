package org.interagency.gateway.security;

import org.interagency.gateway.api.OperationOutcomes;
import org.interagency.gateway.config.GatewayProperties;
import org.interagency.gateway.directory.Directory;
import org.interagency.gateway.error.ErrorCode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;

/**
 * The access rules of the gateway. Compliance officers use {@code /api/v1/audit}, gateway
 * administrators {@code /api/v1/admin}, agency systems the rest of {@code /api/v1}, and partner
 * gateways {@code /exchange/v1}. Everything else is denied. Until token authentication arrives, both
 * authenticate with TLS client certificates.
 */
@Configuration
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain gatewaySecurity(HttpSecurity http, Directory directory, GatewayProperties properties,
            OperationOutcomes outcomes) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterAt(new ClientCertificateFilter(directory, properties.getCounty()), X509AuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/v1/audit", "/api/v1/audit/**").hasAuthority(Caller.Kind.COMPLIANCE_OFFICER.role())
                        .requestMatchers("/api/v1/admin/**").hasAuthority(Caller.Kind.GATEWAY_ADMIN.role())
                        .requestMatchers("/api/v1/**").hasAuthority(Caller.Kind.AGENCY_SYSTEM.role())
                        .requestMatchers("/exchange/v1/**").hasAuthority(Caller.Kind.PEER_GATEWAY.role())
                        .anyRequest().denyAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> outcomes.write(response, ErrorCode.UNAUTHENTICATED,
                                "present a client certificate issued to your agency or gateway"))
                        .accessDeniedHandler((request, response, e) -> outcomes.write(response, ErrorCode.FORBIDDEN,
                                "this client may not call " + request.getRequestURI())));
        return http.build();
    }
}
