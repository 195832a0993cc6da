package no.ranselpost.core.api;

import java.time.LocalDate;
import java.util.List;

/**
 * A child as one reader may see it. A field the reader may not see is null (absent in JSON),
 * never empty: ACCESS.md's table decides, in the access bundle.
 */
public record ChildView(long id, String givenName, String familyName, LocalDate birthDate, List<Placement> placements,
                        String nationalId, Boolean protectedPerson, Address address, List<GuardianView> guardians,
                        List<String> allowedActions) {

    /** Where the child is enrolled today. */
    public record Placement(long unitId, String unitName, Long groupId, String groupName) {
    }

    public record Address(String street, String postalCode, String postalPlace) {
    }

    /** One guardian of the child, as the reader may see them. */
    public record GuardianView(long personId, String givenName, String familyName, GuardianRelation relation,
                               ParentalResponsibility responsibility, String email, String mobile, Address address,
                               Boolean protectedPerson, AccountState accountState, Boolean blocked) {
    }
}
