package no.ranselpost.rest.internal.resources;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import no.ranselpost.access.api.RequiresAction;
import no.ranselpost.core.api.identity.AccessReviews;
import no.ranselpost.core.api.identity.AccessReviews.Entry;
import no.ranselpost.core.api.identity.AccessReviews.Review;
import no.ranselpost.core.api.identity.StaffActions;
import no.ranselpost.rest.internal.RequestPrincipal;

/** The monthly access review of seed 000's årshjul (REST and CSV), its sign-off, and which units signed off. */
@Component(service = AccessReviewResource.class, property = "osgi.jaxrs.resource=true")
@Path("/")
@Tag(name = "access-review")
public class AccessReviewResource {

    @Reference
    private AccessReviews reviews;

    @GET
    @Path("units/{unitId}/access-review")
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresAction(StaffActions.REVIEW_READ)
    @Operation(operationId = "getAccessReview",
            summary = "This month's access review of a unit: every account with access there, its roles, state, last sign-in and flags")
    public Review review(@Context SecurityContext security, @PathParam("unitId") long unitId) {
        return reviews.review(RequestPrincipal.of(security).principal(), unitId);
    }

    @GET
    @Path("units/{unitId}/access-review.csv")
    @Produces("text/csv")
    @RequiresAction(StaffActions.REVIEW_READ)
    @Operation(operationId = "getAccessReviewCsv", summary = "The same review as CSV (UTF-8, ';'-separated, a header row)")
    public Response csv(@Context SecurityContext security, @PathParam("unitId") long unitId) {
        Review r = reviews.review(RequestPrincipal.of(security).principal(), unitId);
        StringBuilder sb = new StringBuilder("kind;account_id;person_id;username;roles;state;last_sign_in;flags\n");
        for (Entry e : r.entries()) {
            sb.append(e.kind()).append(';').append(e.accountId()).append(';').append(e.personId() == null ? "" : e.personId()).append(';')
                    .append(e.username() == null ? "" : e.username()).append(';').append(String.join(",", e.roles())).append(';')
                    .append(e.state()).append(';').append(e.lastSignInAt() == null ? "" : e.lastSignInAt()).append(';')
                    .append(String.join(",", e.flags())).append('\n');
        }
        if (r.pendingAccessRequests() > 0) {
            sb.append("UNIT;;;;;;;").append(AccessReviews.PENDING_ACCESS_REQUESTS).append('=').append(r.pendingAccessRequests()).append('\n');
        }
        return Response.ok(sb.toString(), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"access-review-" + unitId + "-" + r.month() + ".csv\"").build();
    }

    @POST
    @Path("units/{unitId}/access-review/sign-off")
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresAction(StaffActions.REVIEW_SIGN_OFF)
    @Operation(operationId = "signOffAccessReview", summary = "The unit admin signs this month's access review off (once a month)")
    public Review signOff(@Context SecurityContext security, @PathParam("unitId") long unitId) {
        return reviews.signOff(RequestPrincipal.of(security).principal(), unitId);
    }

    @GET
    @Path("access-reviews")
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresAction(StaffActions.REVIEW_STATUS)
    @Operation(operationId = "listAccessReviewStatus",
            summary = "Which units have signed this month's access review off, and which are overdue (past the kommune's day)")
    public List<AccessReviews.UnitStatus> status(@Context SecurityContext security) {
        return reviews.status(RequestPrincipal.of(security).principal());
    }
}
