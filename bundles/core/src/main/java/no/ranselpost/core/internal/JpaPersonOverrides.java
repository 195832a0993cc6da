package no.ranselpost.core.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import javax.persistence.EntityManager;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import no.ranselpost.access.api.AccessPolicy;
import no.ranselpost.access.api.Target;
import no.ranselpost.audit.api.Actor;
import no.ranselpost.audit.api.AuditCodes;
import no.ranselpost.audit.api.AuditTrail;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.ConflictException;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.core.api.NoSuchObjectException;
import no.ranselpost.core.api.OverrideActions;
import no.ranselpost.core.api.PersonOverrides;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.FieldOverrideEntity;
import no.ranselpost.persistence.entity.PersonEntity;

/**
 * Overrides of imported data. The value applies at once and is kept by every import while the
 * override is in force (the import engine reads {@link #active}); a protection is only ever
 * raised. Each override and lift is audited in its transaction with the person's id and the
 * reason code, never the value.
 */
@Component(service = PersonOverrides.class)
public class JpaPersonOverrides implements PersonOverrides {

    static final Set<String> FIELDS = Set.of(GIVEN_NAME, FAMILY_NAME, ADDRESS_PROTECTION);

    private final Transactions tx;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final OsloClock clock;

    @Activate
    public JpaPersonOverrides(@Reference Transactions tx, @Reference AccessPolicy access, @Reference AuditTrail audit,
                              @Reference OsloClock clock) {
        this.tx = tx;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** The overrides in force for a person, in the caller's transaction (the import engine keeps them). */
    public static List<FieldOverrideEntity> active(EntityManager em, long personId) {
        return em.createQuery("select o from FieldOverrideEntity o where o.person.id = :p and o.liftedAt is null order by o.id",
                FieldOverrideEntity.class).setParameter("p", personId).getResultList();
    }

    /** The source that owns a person's registry fields, or null (legacy rows described by the population register: freg). */
    static String sourceOf(PersonEntity p) {
        return p.getRegistrySource() != null ? p.getRegistrySource() : p.getRegistryStatus() != null ? "freg" : null;
    }

    @Override
    public FieldOverride override(AuthenticatedPrincipal principal, long personId, String field, String value, String reasonCode) {
        access.require(principal, OverrideActions.OVERRIDE, Target.NONE);
        if (field == null || !FIELDS.contains(field)) {
            throw new InvalidRequestException("'field' is one of " + FIELDS.stream().sorted().toList());
        }
        if (reasonCode == null || !AuditCodes.isCode(reasonCode) || reasonCode.length() > 50) {
            throw new InvalidRequestException("An override needs a 'reason': a code of a-z, 0-9 and '-' (e.g. name-change), at most 50");
        }
        OffsetDateTime now = clock.nowUtc();
        return tx.inTransaction(em -> {
            PersonEntity p = em.find(PersonEntity.class, personId);
            if (p == null) {
                throw new NoSuchObjectException("No such person");
            }
            String v = checked(p, field, value);
            for (FieldOverrideEntity o : active(em, personId)) {
                if (o.getField().equals(field)) {
                    o.setLiftedAt(now);
                    o.setLiftedBy(principal.accountId());
                }
            }
            FieldOverrideEntity o = new FieldOverrideEntity();
            o.setPerson(p);
            o.setField(field);
            o.setValue(v);
            o.setSourceValue(current(p, field));
            o.setReasonCode(reasonCode);
            o.setCreatedAt(now);
            o.setCreatedBy(principal.accountId());
            em.persist(o);
            apply(p, field, v);
            em.flush();
            audit.change(em, Actor.of(principal), OverrideActions.OVERRIDE, "field-override", o.getId(), List.of(personId), null, reasonCode);
            return view(o);
        });
    }

    @Override
    public void lift(AuthenticatedPrincipal principal, long personId, String field) {
        access.require(principal, OverrideActions.LIFT, Target.NONE);
        OffsetDateTime now = clock.nowUtc();
        tx.run(em -> {
            FieldOverrideEntity o = active(em, personId).stream().filter(x -> x.getField().equals(field)).findFirst()
                    .orElseThrow(() -> new NoSuchObjectException("No override of that field applies to that person"));
            o.setLiftedAt(now);
            o.setLiftedBy(principal.accountId());
            PersonEntity p = o.getPerson();
            if (o.getSourceValue() != null || !ADDRESS_PROTECTION.equals(field)) {
                apply(p, field, o.getSourceValue());
            }
            em.flush();
            audit.change(em, Actor.of(principal), OverrideActions.LIFT, "field-override", o.getId(), List.of(personId), null, "lifted");
        });
    }

    @Override
    public List<FieldOverride> overrides(AuthenticatedPrincipal principal, long personId) {
        requireOnPerson(principal, OverrideActions.READ, personId);
        return tx.inTransaction(em -> active(em, personId).stream().map(JpaPersonOverrides::view).toList());
    }

    @Override
    public void editName(AuthenticatedPrincipal principal, long personId, String givenName, String familyName) {
        requireOnPerson(principal, OverrideActions.EDIT, personId);
        if (givenName == null && familyName == null) {
            throw new InvalidRequestException("'givenName' or 'familyName' is required");
        }
        tx.run(em -> {
            PersonEntity p = em.find(PersonEntity.class, personId);
            String source = sourceOf(p);
            if (source != null) {
                throw new ConflictException(source, "The person's names come from the source '" + source + "' and are locked; a system "
                        + "administrator may override them with a reason (POST /persons/{id}/overrides)");
            }
            if (givenName != null) {
                p.setGivenName(name(givenName));
            }
            if (familyName != null) {
                p.setFamilyName(name(familyName));
            }
            em.flush();
            audit.change(em, Actor.of(principal), OverrideActions.EDIT, "person", personId, null, "by-hand");
        });
    }

    /** A person is a child (its units today) or a guardian (its children's units): the unit admin of either may. */
    private void requireOnPerson(AuthenticatedPrincipal principal, String action, long personId) {
        if (tx.inTransaction(em -> em.find(PersonEntity.class, personId) == null)) {
            access.requireAnyRole(principal, action);
            throw new NoSuchObjectException("No such person");
        }
        if (!access.decide(principal, action, Target.child(personId)).allowed()) {
            access.require(principal, action, Target.guardian(personId));
        }
    }

    private static String checked(PersonEntity p, String field, String value) {
        if (ADDRESS_PROTECTION.equals(field)) {
            AddressProtection to;
            try {
                to = AddressProtection.valueOf(value == null ? "" : value);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("An address protection is NONE, CLIENT_ADDRESS, CONFIDENTIAL or STRICTLY_CONFIDENTIAL");
            }
            if (to.ordinal() <= p.getAddressProtection().ordinal()) {
                throw new InvalidRequestException("An override raises a protection, never lowers it (the person has "
                        + p.getAddressProtection() + ")");
            }
            return to.name();
        }
        return name(value);
    }

    private static String name(String value) {
        if (value == null || value.isBlank() || value.strip().length() > 200) {
            throw new InvalidRequestException("A name is 1 to 200 characters");
        }
        return value.strip();
    }

    static String current(PersonEntity p, String field) {
        return switch (field) {
            case GIVEN_NAME -> p.getGivenName();
            case FAMILY_NAME -> p.getFamilyName();
            default -> p.getAddressProtection().name();
        };
    }

    static void apply(PersonEntity p, String field, String value) {
        switch (field) {
            case GIVEN_NAME -> p.setGivenName(value);
            case FAMILY_NAME -> p.setFamilyName(value);
            default -> p.setAddressProtection(AddressProtection.valueOf(value));
        }
    }

    private static FieldOverride view(FieldOverrideEntity o) {
        return new FieldOverride(o.getId(), o.getPerson().getId(), o.getField(), o.getValue(), o.getReasonCode(), o.getCreatedAt());
    }
}
