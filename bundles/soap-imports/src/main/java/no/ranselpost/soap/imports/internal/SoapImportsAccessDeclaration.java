package no.ranselpost.soap.imports.internal;

import static no.ranselpost.access.api.Rule.of;
import static no.ranselpost.access.api.Scope.OWN_SOURCE;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import no.ranselpost.access.api.AccessDeclaration;
import no.ranselpost.access.api.Action;
import no.ranselpost.core.api.Role;

/**
 * The actions of the imports' SOAP operations (ACCESS.md: an integration pushes records of its one
 * source and reads its own import status). Each is about a source (target kind {@code source},
 * declared by the import engine): the INTEGRATION account bound to that source, nobody else.
 */
@Component(service = AccessDeclaration.class)
public class SoapImportsAccessDeclaration implements AccessDeclaration {

    static final String PUSH_ENROLMENTS = "soap-imports.enrolments.push";
    static final String PUSH_EMPLOYMENTS = "soap-imports.employments.push";
    static final String STATUS_READ = "soap-imports.status.read";

    @Override
    public String capability() {
        return "soap-imports";
    }

    @Override
    public List<Action> actions() {
        return List.of(
                Action.of(PUSH_ENROLMENTS, "SOAP EnrolmentService.pushEnrolments: the admission source's own integration",
                        of(Role.INTEGRATION, OWN_SOURCE)),
                Action.of(PUSH_EMPLOYMENTS, "SOAP EmploymentService.pushEmployments: the HR source's own integration",
                        of(Role.INTEGRATION, OWN_SOURCE)),
                Action.of(STATUS_READ, "SOAP StatusService.getImportStatus: a source's last runs, for its own integration",
                        of(Role.INTEGRATION, OWN_SOURCE)));
    }
}
