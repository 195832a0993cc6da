package no.ranselpost.soap.imports.internal;

import java.util.List;

import javax.annotation.Resource;
import javax.jws.WebService;
import javax.xml.ws.WebServiceContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.access.api.Target;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.registry.api.ImportService;
import no.ranselpost.soap.imports.v1.ImportRun;
import no.ranselpost.soap.imports.v1.StatusPort;

/** StatusService.getImportStatus: the source's last runs, for that source's own integration. */
@Component(service = StatusPort.class,
        property = {"ranselpost.soap.service=StatusService", "ranselpost.soap.wsdl=" + EnrolmentEndpoint.WSDL})
@WebService(serviceName = "StatusService", portName = "StatusPort", targetNamespace = EnrolmentEndpoint.NS,
        endpointInterface = "no.ranselpost.soap.imports.v1.StatusPort", wsdlLocation = EnrolmentEndpoint.WSDL)
public class StatusEndpoint implements StatusPort {

    private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{0,49}");

    private final ImportService imports;
    private final AccessPolicy access;

    @Resource
    private WebServiceContext context;

    @Activate
    public StatusEndpoint(@Reference ImportService imports, @Reference AccessPolicy access) {
        this.imports = imports;
        this.access = access;
    }

    @Override
    @RequiresAction(SoapImportsAccessDeclaration.STATUS_READ)
    public List<ImportRun> getImportStatus(String source, Integer max) {
        AuthenticatedPrincipal principal = Caller.of(context);
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw new InvalidRequestException("source is a source id (enrolment, hr, ...)");
        }
        access.require(principal, SoapImportsAccessDeclaration.STATUS_READ, Target.source(source));
        int n = max == null ? 10 : max;
        if (n < 1 || n > 100) {
            throw new InvalidRequestException("max is 1 to 100");
        }
        return imports.runs(principal, source, n).stream().map(Records::run).toList();
    }
}
