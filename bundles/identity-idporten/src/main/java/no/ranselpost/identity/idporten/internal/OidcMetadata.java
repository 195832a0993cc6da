package no.ranselpost.identity.idporten.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/** The provider's discovery document: the endpoints Ranselpost uses. */
record OidcMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri, URI endSessionEndpoint) {

    static OidcMetadata discover(HttpClient http, String issuer) throws IOException, InterruptedException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("The discovery document answered " + response.statusCode());
        }
        try {
            Map<String, Object> doc = JSONObjectUtils.parse(response.body());
            String declared = JSONObjectUtils.getString(doc, "issuer");
            if (!issuer.equals(declared)) {
                // OpenID Connect Discovery 1.0, 4.3: the issuer must be exactly the one configured
                throw new IOException("The discovery document names another issuer");
            }
            return new OidcMetadata(declared, required(doc, "authorization_endpoint"), required(doc, "token_endpoint"),
                    required(doc, "jwks_uri"), optional(doc, "end_session_endpoint"));
        } catch (ParseException e) {
            throw new IOException("The discovery document is not valid JSON", e);
        }
    }

    private static URI required(Map<String, Object> doc, String name) throws ParseException, IOException {
        URI uri = optional(doc, name);
        if (uri == null) {
            throw new IOException("The discovery document has no " + name);
        }
        return uri;
    }

    private static URI optional(Map<String, Object> doc, String name) throws ParseException {
        String value = JSONObjectUtils.getString(doc, name);
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri = URI.create(value);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new ParseException(name + " is not an http(s) URL", 0);
        }
        return uri;
    }
}
