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

    /**
     * One guardian of the child, as the reader may see them.
     *
     * @param contactSource where the e-mail and mobile came from and what holds for them (the contact register's
     *                      status, reservation, staleness); shown with the contact data, absent without
     */
    public record GuardianView(long personId, String givenName, String familyName, GuardianRelation relation,
                               ParentalResponsibility responsibility, String email, String mobile, Address address,
                               Boolean protectedPerson, AccountState accountState, Boolean blocked, ContactSource contactSource) {

        /** Without a contact source (the shape before the contact register). */
        public GuardianView(long personId, String givenName, String familyName, GuardianRelation relation,
                            ParentalResponsibility responsibility, String email, String mobile, Address address,
                            Boolean protectedPerson, AccountState accountState, Boolean blocked) {
            this(personId, givenName, familyName, relation, responsibility, email, mobile, address, protectedPerson, accountState,
                    blocked, null);
        }
    }

    /**
     * What the register that gave a guardian's contact data said (the contact register, KRR): the
     * data is locked (only that source changes it; a guardian who wants another address changes
     * it there). A channel is stale when neither updated nor verified in the last 18 months: it
     * must not be used for notices, nor anything digital for a reserved person. Fields of a
     * channel the reader may not see are absent.
     *
     * @param source             the source id (krr)
     * @param registerStatus     ACTIVE, DELETED, NOT_REGISTERED or NOT_FOUND (the register did not name the person)
     * @param notificationStatus CAN_BE_NOTIFIED, CANNOT_BE_NOTIFIED, or absent
     * @param checkedAt          when the register last answered about the person
     */
    public record ContactSource(String source, boolean locked, String registerStatus, Boolean reserved, String notificationStatus,
                                String language, java.time.OffsetDateTime emailConfirmedAt, Boolean emailStale,
                                java.time.OffsetDateTime mobileConfirmedAt, Boolean mobileStale, java.time.OffsetDateTime checkedAt) {
    }
}
