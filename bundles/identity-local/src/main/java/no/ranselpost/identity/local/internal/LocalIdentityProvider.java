package no.ranselpost.identity.local.internal;

import java.util.Set;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.identity.api.IdentityProvider;

/**
 * Local accounts as an identity provider: staff, integrations and the demo's guardian sign in
 * with a user name and password (and TOTP where the role needs it) at {@code /auth/login}.
 */
@Component(service = IdentityProvider.class)
public class LocalIdentityProvider implements IdentityProvider {

    public static final String ID = "local";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<AccountKind> accountKinds() {
        return Set.of(AccountKind.STAFF, AccountKind.INTEGRATION, AccountKind.GUARDIAN);
    }
}
