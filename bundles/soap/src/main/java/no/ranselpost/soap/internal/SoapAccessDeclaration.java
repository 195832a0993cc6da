package no.ranselpost.soap.internal;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.AnonymousEndpoint;

/** The publisher's own part of the access registry: a service's WSDL answers without credentials (it holds no data). */
@Component(service = AccessDeclaration.class)
public class SoapAccessDeclaration implements AccessDeclaration {

    @Override
    public String capability() {
        return "soap";
    }

    @Override
    public List<AnonymousEndpoint> anonymousEndpoints() {
        return List.of(new AnonymousEndpoint("GET", SoapServer.PATH + "*", "wsdl", "The WSDL of a SOAP service (it holds no data)"));
    }
}
