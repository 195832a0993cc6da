package no.ranselpost.soap.imports.internal;

import java.util.List;

import javax.annotation.Resource;
import javax.jws.WebService;
import javax.xml.ws.WebServiceContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.access.api.Target;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.registry.api.ImportService;
import no.ranselpost.soap.imports.v1.Enrolment;
import no.ranselpost.soap.imports.v1.EnrolmentPort;
import no.ranselpost.soap.imports.v1.ImportRun;
import no.ranselpost.soap.imports.v1.PushMode;

/** EnrolmentService.pushEnrolments: an admission system's snapshot or changes, through the import engine. */
@Component(service = EnrolmentPort.class, configurationPid = EnrolmentEndpoint.PID,
        property = {"ranselpost.soap.service=EnrolmentService", "ranselpost.soap.wsdl=" + EnrolmentEndpoint.WSDL})
@Designate(ocd = ImportsSoapSettings.class)
@WebService(serviceName = "EnrolmentService", portName = "EnrolmentPort", targetNamespace = EnrolmentEndpoint.NS,
        endpointInterface = "no.ranselpost.soap.imports.v1.EnrolmentPort", wsdlLocation = EnrolmentEndpoint.WSDL)
public class EnrolmentEndpoint implements EnrolmentPort {

    static final String PID = "no.ranselpost.soap.imports";
    static final String NS = "urn:no:ranselpost:soap:imports:v1";
    static final String WSDL = "wsdl/imports.wsdl";

    private final ImportService imports;
    private final AccessPolicy access;
    private volatile String source;

    @Resource
    private WebServiceContext context;

    @Activate
    public EnrolmentEndpoint(@Reference ImportService imports, @Reference AccessPolicy access, ImportsSoapSettings settings) {
        this.imports = imports;
        this.access = access;
        modified(settings);
    }

    @Modified
    void modified(ImportsSoapSettings settings) {
        source = settings.enrolmentSource();
    }

    @Override
    @RequiresAction(SoapImportsAccessDeclaration.PUSH_ENROLMENTS)
    public ImportRun pushEnrolments(PushMode mode, List<Enrolment> enrolment) {
        AuthenticatedPrincipal principal = Caller.of(context);
        access.require(principal, SoapImportsAccessDeclaration.PUSH_ENROLMENTS, Target.source(source));
        if (mode == null) {
            throw new InvalidRequestException("mode is SNAPSHOT or CHANGES");
        }
        List<Object> records = Records.enrolments(enrolment == null ? List.of() : enrolment);
        return Records.run(imports.push(principal, source, mode == PushMode.SNAPSHOT, records));
    }
}
