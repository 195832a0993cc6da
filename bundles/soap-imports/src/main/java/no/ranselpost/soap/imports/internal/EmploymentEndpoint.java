package no.ranselpost.soap.imports.internal;

import java.util.List;
import java.util.Map;

import javax.annotation.Resource;
import javax.jws.WebService;
import javax.xml.ws.WebServiceContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;


import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.access.api.Target;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.registry.api.ImportService;
import no.ranselpost.soap.imports.v1.Employment;
import no.ranselpost.soap.imports.v1.EmploymentPort;
import no.ranselpost.soap.imports.v1.ImportRun;
import no.ranselpost.soap.imports.v1.PushMode;

/** EmploymentService.pushEmployments: an HR system's snapshot or changes, through the import engine. */
@Component(service = EmploymentPort.class, configurationPid = EnrolmentEndpoint.PID,
        property = {"ranselpost.soap.service=EmploymentService", "ranselpost.soap.wsdl=" + EnrolmentEndpoint.WSDL})

@WebService(serviceName = "EmploymentService", portName = "EmploymentPort", targetNamespace = EnrolmentEndpoint.NS,
        endpointInterface = "no.ranselpost.soap.imports.v1.EmploymentPort", wsdlLocation = EnrolmentEndpoint.WSDL)
public class EmploymentEndpoint implements EmploymentPort {

    private final ImportService imports;
    private final AccessPolicy access;
    private volatile String source;
    private volatile Map<String, Role> positionRoles;

    @Resource
    private WebServiceContext context;

    @Activate
    public EmploymentEndpoint(@Reference ImportService imports, @Reference AccessPolicy access, ImportsSoapSettings settings) {
        this.imports = imports;
        this.access = access;
        modified(settings);
    }

    @Modified
    void modified(ImportsSoapSettings settings) {
        positionRoles = Records.positionRoles(settings.positionRoles());
        source = settings.employmentSource();
    }

    @Override
    @RequiresAction(SoapImportsAccessDeclaration.PUSH_EMPLOYMENTS)
    public ImportRun pushEmployments(PushMode mode, List<Employment> employment) {
        AuthenticatedPrincipal principal = Caller.of(context);
        access.require(principal, SoapImportsAccessDeclaration.PUSH_EMPLOYMENTS, Target.source(source));
        if (mode == null) {
            throw new InvalidRequestException("mode is SNAPSHOT or CHANGES");
        }
        List<Object> records = Records.employments(employment == null ? List.of() : employment, positionRoles);
        return Records.run(imports.push(principal, source, mode == PushMode.SNAPSHOT, records));
    }
}
