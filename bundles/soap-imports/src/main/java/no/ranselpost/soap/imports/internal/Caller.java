package no.ranselpost.soap.imports.internal;

import javax.xml.ws.WebServiceContext;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** The principal the SOAP publisher authenticated for this call (deny by default: none, no call). */
final class Caller {

    private Caller() {
    }

    static AuthenticatedPrincipal of(WebServiceContext context) {
        java.security.Principal p = context == null ? null : context.getUserPrincipal();
        if (p instanceof AuthenticatedPrincipal principal) {
            return principal;
        }
        throw new no.ranselpost.access.api.AccessDeniedException("soap", "no authenticated principal");
    }
}
