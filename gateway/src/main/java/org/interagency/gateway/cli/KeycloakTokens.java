package org.interagency.gateway.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests access tokens from a realm of the development Keycloak, as an agency system
 * (client credentials) or a person (password grant of the public client {@code gateway-console}).
 * The clients and secrets are those of the realm exports in {@code docs/keycloak}, DEVELOPMENT ONLY.
 */
public final class KeycloakTokens {

    /** Public client of compliance officers and gateway administrators. */
    public static final String CONSOLE_CLIENT = "gateway-console";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KeycloakTokens() {
    }

    /** Returns the development secret of a confidential client: {@code dev-only-secret-} and the part after the first dot. */
    public static String developmentSecret(String clientId) {
        return "dev-only-secret-" + clientId.substring(clientId.indexOf('.') + 1);
    }

    /** Requests a token with the client-credentials grant, as an agency system does. */
    public static String clientCredentials(URI issuer, String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return request(issuer, form, "client " + clientId);
    }

    /**
     * Requests a token for a person with the password grant of the public client {@code clientId},
     * such as {@link #CONSOLE_CLIENT}. The grant suits development and tests only: a real console
     * signs people in through the browser.
     */
    public static String password(URI issuer, String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        return request(issuer, form, "user " + username);
    }

    private static String request(URI issuer, Map<String, String> form, String who) {
        String body = form.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "token request for " + who + " to " + issuer + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorCode.INTERNAL, "token request for " + who + " was interrupted", e);
        }

        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !answer.path("access_token").isString()) {
            throw new GatewayException(ErrorCode.INTERNAL, "token request for " + who + " to " + issuer + " failed with status "
                    + response.statusCode() + ": " + answer.path("error").asString() + " " + answer.path("error_description").asString());
        }
        return answer.path("access_token").asString();
    }
}
