package no.ranselpost.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import no.ranselpost.rest.internal.resources.AccessPolicyResource;
import no.ranselpost.rest.internal.resources.AccessRequestResource;
import no.ranselpost.rest.internal.resources.GroupAdministrationResource;
import no.ranselpost.rest.internal.resources.PersonOverrideResource;
import no.ranselpost.rest.internal.resources.StaffAccountResource;
import no.ranselpost.rest.internal.resources.AccountResource;
import no.ranselpost.rest.internal.resources.AuditResource;
import no.ranselpost.rest.internal.resources.AuthResource;
import no.ranselpost.rest.internal.resources.ChildResource;
import no.ranselpost.rest.internal.resources.GuardianResource;
import no.ranselpost.rest.internal.resources.ImportResource;
import no.ranselpost.rest.internal.resources.HealthResource;
import no.ranselpost.rest.internal.resources.UnitResource;

class OpenApiDocumentTest {

    static final List<Class<?>> ALL = List.of(HealthResource.class, AuthResource.class, UnitResource.class, ChildResource.class,
            GuardianResource.class, AuditResource.class, AccountResource.class, ImportResource.class, AccessPolicyResource.class, OpenApiResource.class,
            StaffAccountResource.class, AccessRequestResource.class, GroupAdministrationResource.class, PersonOverrideResource.class,
            no.ranselpost.rest.internal.resources.AccessReviewResource.class);

    @Test
    void everyOperationHasAnIdAnErrorResponseAndTheRightSecurity() {
        OpenAPI api = OpenApiDocument.build(new LinkedHashSet<>(ALL), "1.0", Declared.anonymousPredicate());
        Set<String> ids = new java.util.HashSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            assertNotNull(op.getOperationId(), method + " " + path);
            assertTrue(ids.add(op.getOperationId()));
            assertNotNull(op.getResponses().getDefault(), "problem response of " + op.getOperationId());
            boolean anonymous = Declared.anonymousPredicate().test(method.name(), RestPaths.absolute(path));
            assertEquals(anonymous, op.getSecurity() != null && op.getSecurity().isEmpty(), op.getOperationId());
            assertEquals(!anonymous, op.getExtensions() != null && op.getExtensions().containsKey("x-ranselpost-action"),
                    "the action of " + op.getOperationId());
        }));
        assertEquals(Set.of("getHealth", "login", "logout", "getCurrentAccount", "listUnits", "getUnit", "listGroupsOfUnit",
                "getOpenApiDocument", "listChildrenOfGroup", "getChild", "listOwnChildren", "activateGuardianAccount",
                "deactivateGuardianAccount", "blockGuardian", "unblockGuardian", "verifyAuditTrail", "sealAuditTrail", "queryAuditTrail",
                "createIntegrationAccount", "listImportSources", "runImport", "listImportRuns", "getImportState", "confirmImportRun", "resetImportState", "uploadImportFile", "listAccessActions", "listAnonymousEndpoints",
                // issue 16: staff accounts and credentials, guardians' access requests, groups by hand, overrides
                "createStaffAccount", "listStaffAccountsOfUnit", "getStaffAccount", "addStaffGrant", "changeStaffGrant", "removeStaffGrant",
                "disableStaffAccount", "enableStaffAccount", "resetStaffAccount", "addSharedPasswordHolder", "removeSharedPasswordHolder",
                "getAccessReview", "getAccessReviewCsv", "signOffAccessReview", "listAccessReviewStatus", "startTotpEnrolment", "activateAccount", "changePassword",
                "createAccessRequest", "listOwnAccessRequests", "listAccessRequestsOfUnit", "activateFromAccessRequest", "declineAccessRequest",
                "createGroup", "renameGroup", "createEnrolment", "moveChildToGroup",
                "overridePersonField", "listPersonOverrides", "liftPersonOverride", "editPersonName"), ids);
        Operation login = api.getPaths().get("/auth/login").getPost();
        assertNotNull(login.getRequestBody());
        assertTrue(OpenApiDocument.toJson(api).contains("\"openapi\" : \"3.0"));
    }
}
