package no.ranselpost.web.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.AnonymousEndpoint;

/**
 * The portal's pages answer only with a session, except these (declared here, by the bundle that serves them): the
 * sign-in page and its form, the stylesheet, and the account activation page and its form (which the one-time
 * activation code decides). Every other page asks the services with the acting principal, so
 * access decides there as it does for the REST resources.
 */
@Component(service = AccessDeclaration.class)
public class WebAccess implements AccessDeclaration {

    static final List<AnonymousEndpoint> ANONYMOUS = List.of(
            AnonymousEndpoint.of("GET", "/sign-in", "The web portal's sign-in page (ID-porten, or the local guardian account)"),
            AnonymousEndpoint.of("POST", "/sign-in", "The web portal's sign-in form (a local guardian account's user name and password)"),
            AnonymousEndpoint.of("GET", "/static/**", "The web portal's stylesheet"),
            AnonymousEndpoint.of("GET", "/activate", "The staff account activation page (the one-time activation code, no session yet)"),
            AnonymousEndpoint.of("POST", "/activate", "The staff account activation form (the activation code, the new password and TOTP enrolment)"));

    @Override
    public String capability() {
        return "web";
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return ANONYMOUS;
    }
}
