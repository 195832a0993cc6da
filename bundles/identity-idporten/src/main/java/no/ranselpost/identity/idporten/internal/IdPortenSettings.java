package no.ranselpost.identity.idporten.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** etc/no.ranselpost.identity.idporten.cfg: the kommune's client at ID-porten (none: guardians cannot sign in). */
@ObjectClassDefinition(id = "no.ranselpost.identity.idporten", name = "Ranselpost ID-porten sign-in",
        description = "Guardians sign in with ID-porten (OpenID Connect)")
public @interface IdPortenSettings {

    @AttributeDefinition(name = "Issuer", description = "ID-porten's issuer; its discovery document is read from <issuer>/.well-known/openid-configuration")
    String issuer();

    @AttributeDefinition(name = "Client id")
    String clientId();

    @AttributeDefinition(name = "Client authentication", description = "client_secret_basic, client_secret_post or private_key_jwt")
    String clientAuthentication() default "client_secret_basic";

    /** A leading dot keeps the secret out of the service properties. */
    @AttributeDefinition(name = "Client secret", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String _clientSecret() default "";

    @AttributeDefinition(name = "Private key (PKCS#8 PEM file) for private_key_jwt")
    String privateKeyFile() default "";

    @AttributeDefinition(name = "Key id of the private key, as registered at ID-porten")
    String privateKeyId() default "";

    @AttributeDefinition(name = "Redirect URI", description = "https://<server>/api/v1/auth/idporten/callback, as registered at ID-porten")
    String redirectUri();

    @AttributeDefinition(name = "After sign-out", description = "Where ID-porten sends the browser after its own sign-out (registered at ID-porten)")
    String postLogoutRedirectUri() default "";

    @AttributeDefinition(name = "After sign-in", description = "A path on this server the browser goes to after sign-in when it asked for none")
    String afterLoginPath() default "/";

    @AttributeDefinition(name = "Accepted acr values", description = "Levels a session may have; the lowest is asked for unless the client asks for high")
    String acceptedAcr() default "idporten-loa-substantial,idporten-loa-high";

    @AttributeDefinition(name = "Audience of app tokens", description = "The aud an app's ID-porten access token must carry (Ranselpost's API)")
    String tokenAudience() default "";

    @AttributeDefinition(name = "Scope")
    String scope() default "openid profile";

    @AttributeDefinition(name = "Seconds a browser sign-in may take", min = "30")
    int loginTimeoutSeconds() default 600;

    @AttributeDefinition(name = "Least seconds between two JWKS fetches on an unknown key id (0: no limit)", min = "0")
    int jwksMinRefreshSeconds() default 30;

    @AttributeDefinition(name = "Clock skew allowed when checking token times (seconds)", min = "0", max = "300")
    int clockSkewSeconds() default 30;
}
