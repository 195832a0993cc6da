package no.ranselpost.access.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The kommune settings ACCESS.md names. A rule's condition {@code settingOn(name)} reads the
 * property of that name from this configuration (any further boolean a capability's rules name
 * may be set here as well).
 */
@ObjectClassDefinition(id = "no.ranselpost.access", name = "Ranselpost access policy", description = "Settings ACCESS.md names")
public @interface AccessSettings {

    @AttributeDefinition(name = "Unit-wide read for leaders",
            description = "LEADER (pedagogisk leder) reads all of the unit, read-only, not only their own groups")
    boolean unitWideRead() default false;

    @AttributeDefinition(name = "Consent from all custodians", description = "A consent holds only when every custodian said yes")
    boolean consentFromAllCustodians() default true;

    @AttributeDefinition(name = "Other adults: messages", description = "Registered other adults read and answer staff's messages to the child's family")
    boolean otherAdultsMessages() default true;

    @AttributeDefinition(name = "Other adults: absence reports", description = "Registered other adults report the child's absence")
    boolean otherAdultsAbsence() default false;

    @AttributeDefinition(name = "Other adults: pick-up notes", description = "Registered other adults write who fetches the child")
    boolean otherAdultsPickup() default false;

    @AttributeDefinition(name = "Group inbox readers", description = "Who reads a group's inbox: GROUP_STAFF (the group's staff) or UNIT_STAFF (all staff of the unit)",
            options = {@Option(label = "The group's staff", value = "GROUP_STAFF"), @Option(label = "All staff of the unit", value = "UNIT_STAFF")})
    String groupInboxReaders() default "GROUP_STAFF";

    @AttributeDefinition(name = "Other adults by consent", description = "Adults registered by the custodians' consent (step-parents, grandparents)")
    boolean otherAdults() default false;
}
