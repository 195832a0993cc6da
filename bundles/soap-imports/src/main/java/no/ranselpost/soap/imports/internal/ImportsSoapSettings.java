package no.ranselpost.soap.imports.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Ranselpost SOAP services of the imports", description = "EnrolmentService, EmploymentService, StatusService")
public @interface ImportsSoapSettings {

    @AttributeDefinition(description = "The source EnrolmentService pushes to (the admission system's INTEGRATION account is bound to it)")
    String enrolmentSource() default "enrolment";

    @AttributeDefinition(description = "The source EmploymentService pushes to (the HR system's INTEGRATION account is bound to it)")
    String employmentSource() default "hr";

    @AttributeDefinition(description = "HR position codes to roles, as the HR file adapters have them (an unmapped code gives no role)")
    String positionRoles() default "7951=LEADER,7954=EMPLOYEE";
}
