package no.ranselpost.identity.local.internal;

import no.ranselpost.access.api.AccessDeniedException;

/**
 * A first SYSTEM_ADMIN asked for by the machine itself (the local console, the setup code) while
 * one exists: only a signed-in SYSTEM_ADMIN creates more. The denial is recorded.
 */
public class FirstAdminExistsException extends AccessDeniedException {

    private static final long serialVersionUID = 1L;

    public FirstAdminExistsException() {
        super(IdentityAccessDeclaration.SYSTEM_ADMIN_CREATE, "system-admin-exists");
    }
}
