package no.ranselpost.messaging.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal.Assurance;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.core.internal.CoreAccessDeclaration;
import no.ranselpost.persistence.entity.EnrolmentEntity;
import no.ranselpost.persistence.entity.GroupEntity;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianUnitAccessEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.RoleGrantEntity;
import no.ranselpost.persistence.entity.StaffAccountEntity;
import no.ranselpost.persistence.entity.UnitEntity;
import no.ranselpost.persistence.testing.Configurations;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.storage.internal.DatabaseContentStore;
import no.ranselpost.storage.internal.StorageSettings;

/** A small kommune on the real persistence unit, with the real access policy, audit trail and binary store, for messaging's tests. */
final class MessagingWorld implements AutoCloseable {

    final TestDatabase db;
    final MutableClock clock;
    final RuleBasedAccessPolicy policy;
    final JpaAuditTrail audit;
    final DatabaseContentStore store;
    private static int ids;

    MessagingWorld(TestDatabase db) {
        this.db = db;
        this.clock = new MutableClock(OffsetDateTime.of(2026, 12, 2, 9, 0, 0, 0, ZoneOffset.UTC));
        this.audit = new JpaAuditTrail(db.transactions());
        OsloClock osloClock = clock.oslo();
        this.policy = new RuleBasedAccessPolicy(db.transactions(), audit, osloClock);
        policy.addDeclaration(new CoreAccessDeclaration(db.transactions(), osloClock));
        policy.addDeclaration(new MessagingAccessDeclaration(db.transactions()));
        this.store = new DatabaseContentStore(db.transactions(), Configurations.of(StorageSettings.class, Map.of()));
    }

    MessagingWorld() {
        this(new TestDatabase());
    }

    JpaMessagingService service(String model) {
        return new JpaMessagingService(db.transactions(), policy, audit, clock.oslo(), store,
                Configurations.of(MessagingSettings.class, Map.of("threadModel", model)));
    }

    LocalDate today() {
        return clock.oslo().today();
    }


    // ---- building the kommune

    long unit(String org, UnitType type) {
        return db.transactions().inTransaction(em -> {
            UnitEntity u = new UnitEntity();
            u.setOrgNumber(org);
            u.setUnitType(type);
            u.setName("U" + org);
            em.persist(u);
            em.flush();
            return u.getId();
        });
    }

    long group(long unit, String code) {
        return db.transactions().inTransaction(em -> {
            GroupEntity g = new GroupEntity();
            g.setUnit(em.find(UnitEntity.class, unit));
            g.setCode(code);
            g.setName(code);
            g.setGroupType(GroupType.DEPARTMENT);
            em.persist(g);
            em.flush();
            return g.getId();
        });
    }

    long person(String given, AddressProtection protection) {
        return db.transactions().inTransaction(em -> person(em, given, protection).getId());
    }

    static PersonEntity person(EntityManager em, String given, AddressProtection protection) {
        PersonEntity p = new PersonEntity();
        p.setNationalId(String.format("%011d", ++ids));
        p.setGivenName(given);
        p.setFamilyName("Testesen");
        p.setAddressProtection(protection);
        em.persist(p);
        em.flush();
        return p;
    }

    long child(String given, long unit, long group) {
        long c = person(given, AddressProtection.NONE);
        enrol(c, unit, group);
        return c;
    }

    void enrol(long child, long unit, long group) {
        db.transactions().run(em -> {
            EnrolmentEntity e = new EnrolmentEntity();
            e.setChild(em.find(PersonEntity.class, child));
            e.setUnit(em.find(UnitEntity.class, unit));
            e.setGroup(em.find(GroupEntity.class, group));
            e.setStartDate(today().minusDays(30));
            em.persist(e);
        });
    }

    /** A guardian of the child with the responsibility given, activated at the units named, with a sign-in account. */
    Guardian guardian(String given, long child, ParentalResponsibility r, AddressProtection protection, long... activeAt) {
        long person = person(given, protection);
        link(child, person, r);
        db.transactions().run(em -> {
            GuardianAccountEntity a = new GuardianAccountEntity();
            a.setPerson(em.find(PersonEntity.class, person));
            a.setState(AccountState.ACTIVE);
            em.persist(a);
            for (long u : activeAt) {
                activate(em, person, u);
            }
        });
        long account = db.transactions().inTransaction(em -> {
            StaffAccountEntity a = new StaffAccountEntity();
            a.setUsername("g." + person);
            a.setDisplayName(given);
            a.setPasswordHash("-");
            a.setKind(AccountKind.GUARDIAN);
            a.setCreatedAt(clock.oslo().nowUtc());
            a.setPerson(em.find(PersonEntity.class, person));
            em.persist(a);
            em.flush();
            return a.getId();
        });
        return new Guardian(person, account);
    }

    void link(long child, long adult, ParentalResponsibility r) {
        db.transactions().run(em -> {
            GuardianshipEntity g = new GuardianshipEntity();
            g.setChild(em.find(PersonEntity.class, child));
            g.setGuardian(em.find(PersonEntity.class, adult));
            g.setRelation(GuardianRelation.FAR);
            g.setResponsibility(r);
            g.setCurrent(true);
            em.persist(g);
        });
    }

    void activate(EntityManager em, long person, long unit) {
        GuardianUnitAccessEntity ua = new GuardianUnitAccessEntity();
        ua.setPerson(em.find(PersonEntity.class, person));
        ua.setUnit(em.find(UnitEntity.class, unit));
        ua.setState(AccountState.ACTIVE);
        em.persist(ua);
    }

    /** An adult with no relation to any child, who has signed in (a guardian-kind account), under a valid synthetic national id. */
    Guardian adult(String given, String nationalId) {
        long person = db.transactions().inTransaction(em -> {
            PersonEntity p = new PersonEntity();
            p.setNationalId(nationalId);
            p.setGivenName(given);
            p.setFamilyName("Bonus");
            p.setAddressProtection(AddressProtection.NONE);
            em.persist(p);
            em.flush();
            return p.getId();
        });
        long account = db.transactions().inTransaction(em -> {
            StaffAccountEntity a = new StaffAccountEntity();
            a.setUsername("idporten.guardian-" + person);
            a.setDisplayName(given);
            a.setPasswordHash("-");
            a.setKind(AccountKind.GUARDIAN);
            a.setCreatedAt(clock.oslo().nowUtc());
            a.setPerson(em.find(PersonEntity.class, person));
            em.persist(a);
            em.flush();
            return a.getId();
        });
        return new Guardian(person, account);
    }

    /** The registry ends the guardian's responsibility for the child (a custody change). */
    void endResponsibility(long child, long guardian) {
        db.transactions().run(em -> em.createQuery("select g from GuardianshipEntity g where g.child.id = :c and g.guardian.id = :g",
                        GuardianshipEntity.class).setParameter("c", child).setParameter("g", guardian).getResultList()
                .forEach(g -> {
                    g.setCurrent(false);
                    g.setValidTo(today());
                }));
    }

    void block(long guardian, long child) {
        db.transactions().run(em -> {
            no.ranselpost.persistence.entity.GuardianBlockEntity b = new no.ranselpost.persistence.entity.GuardianBlockEntity();
            b.setGuardian(em.find(PersonEntity.class, guardian));
            b.setChild(em.find(PersonEntity.class, child));
            b.setBlockedAt(clock.oslo().nowUtc());
            b.setBlockedBy(1);
            b.setReasonCode("court-order");
            em.persist(b);
        });
    }

    /** A staff account with one role grant (a group's for the group roles). */
    AuthenticatedPrincipal staff(String name, Role role, long unit, Long group) {
        long account = db.transactions().inTransaction(em -> {
            StaffAccountEntity a = new StaffAccountEntity();
            a.setUsername(name);
            a.setDisplayName(name);
            a.setPasswordHash("-");
            a.setKind(AccountKind.STAFF);
            a.setCreatedAt(clock.oslo().nowUtc());
            RoleGrantEntity g = new RoleGrantEntity();
            g.setRole(role);
            g.setUnitId(role == Role.SYSTEM_ADMIN ? null : unit);
            g.setGroupId(group);
            a.addGrant(g);
            em.persist(a);
            em.flush();
            return a.getId();
        });
        RoleGrant grant = role == Role.SYSTEM_ADMIN ? RoleGrant.kommuneWide(role) : group == null ? RoleGrant.unit(role, unit)
                : RoleGrant.group(role, unit, group);
        return new AuthenticatedPrincipal(account, AccountKind.STAFF, name, name, null, List.of(grant), 1, Assurance.PASSWORD_AND_TOTP);
    }

    long rows(String entity) {
        return db.transactions().inTransaction(em -> em.createQuery("select count(e) from " + entity + " e", Long.class).getSingleResult());
    }

    @Override
    public void close() {
        db.close();
    }

    /** A guardian: their person and their sign-in account; signs in at the assurance given. */
    record Guardian(long person, long account) {
        AuthenticatedPrincipal at(Assurance assurance) {
            return new AuthenticatedPrincipal(account, AccountKind.GUARDIAN, "g." + person, "G", person, List.of(RoleGrant.kommuneWide(Role.GUARDIAN)),
                    2, assurance);
        }

        AuthenticatedPrincipal principal() {
            return at(Assurance.IDPORTEN_LOA_SUBSTANTIAL);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends java.time.Clock {
        private volatile java.time.Instant now;

        MutableClock(OffsetDateTime start) {
            this.now = start.toInstant();
        }

        void advanceDays(long days) {
            now = now.plusSeconds(86_400 * days);
        }

        void advanceMinutes(long minutes) {
            now = now.plusSeconds(60 * minutes);
        }

        void advanceMillis(long millis) {
            now = now.plusMillis(millis);
        }

        OsloClock oslo() {
            return new OsloClock(this);
        }

        @Override
        public java.time.ZoneId getZone() {
            return OsloClock.ZONE;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}
