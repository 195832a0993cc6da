package no.ranselpost.registry.imports.internal;

import static no.ranselpost.registry.imports.internal.Scenario.adult;
import static no.ranselpost.registry.imports.internal.Scenario.adultId;
import static no.ranselpost.registry.imports.internal.Scenario.child;
import static no.ranselpost.registry.imports.internal.Scenario.childId;
import static no.ranselpost.registry.imports.internal.Scenario.enrolment;
import static no.ranselpost.registry.imports.internal.Scenario.history;
import static no.ranselpost.registry.imports.internal.Scenario.holder;
import static no.ranselpost.registry.imports.internal.Scenario.record;
import static no.ranselpost.registry.imports.internal.Scenario.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import no.ranselpost.registry.api.ImportActions;
import no.ranselpost.core.api.InvalidRequestException;
import no.ranselpost.registry.api.EnrolmentRecord;

import no.ranselpost.access.api.AccessDeniedException;
import no.ranselpost.core.api.CoreActions;
import no.ranselpost.access.api.Target;
import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.core.internal.CoreAccessDeclaration;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.internal.JpaGuardianAccountService;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.AddressRecord;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.PersonStatus;
import no.ranselpost.registry.api.WardshipRecord;

/** Every rule of the import engine, on the real persistence unit, audit trail and access policy. */
class ImportRulesTest {

    private static final OsloClock CLOCK = new OsloClock();
    private static final LocalDate TODAY = CLOCK.today();
    private TestDatabase db;
    private ImportEngine engine;
    private RuleBasedAccessPolicy access;
    private JpaGuardianAccountService guardianAccounts;
    private JpaSourceStateStore state;
    private InMemorySource freg;
    private InMemorySource admission;
    private final AuthenticatedPrincipal sysadmin = new AuthenticatedPrincipal(1, AccountKind.STAFF, "sys", "Sys", null,
            List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        access = new RuleBasedAccessPolicy(db.transactions(), audit, CLOCK);
        access.addDeclaration(new CoreAccessDeclaration(db.transactions(), CLOCK));
        access.addDeclaration(new ImportAccessDeclaration());
        state = new JpaSourceStateStore(db.transactions());
        engine = new ImportEngine(db.transactions(), audit, access, () -> true, state, new JpaSourceRunHistory(db.transactions()), CLOCK);
        guardianAccounts = new JpaGuardianAccountService(db.transactions(), access, audit, CLOCK);
        freg = new InMemorySource("freg", false);
        admission = new InMemorySource("enrolment", true);
        engine.bindSource(freg);
        engine.bindSource(admission);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    // ------------------------------------------------------------------ helpers

    private ImportRun run(InMemorySource source) {
        return engine.run(sysadmin, source.sourceId());
    }

    private PersonEntity person(String nationalId) {
        return db.transactions().inTransaction(em -> em.createQuery("select p from PersonEntity p where p.nationalId = :id", PersonEntity.class)
                .setParameter("id", nationalId).getResultList().stream().findFirst().orElse(null));
    }

    private List<GuardianshipEntity> links(String childNationalId) {
        return db.transactions().inTransaction(em -> em.createQuery("select g from GuardianshipEntity g join fetch g.guardian "
                        + "where g.child.nationalId = :id order by g.id", GuardianshipEntity.class)
                .setParameter("id", childNationalId).getResultList());
    }

    private AccountState account(String nationalId) {
        return db.transactions().inTransaction(em -> em.createQuery("select a from GuardianAccountEntity a where a.person.nationalId = :id",
                GuardianAccountEntity.class).setParameter("id", nationalId).getResultList().stream().findFirst()
                .map(GuardianAccountEntity::getState).orElse(null));
    }

    private AuthenticatedPrincipal guardian(String nationalId) {
        return new AuthenticatedPrincipal(50, no.ranselpost.core.api.identity.AccountKind.GUARDIAN, "g", "G", person(nationalId).getId(), List.of(RoleGrant.kommuneWide(Role.GUARDIAN)), 50,
                AuthenticatedPrincipal.Assurance.PASSWORD);
    }

    private void enrolInKindergarten(String... childIds) {
        for (String c : childIds) {
            admission.snapshot.add(enrolment(c, Scenario.KG, UnitType.KINDERGARTEN, "AVD1", TODAY.minusMonths(2), null));
        }
        run(admission);
    }

    private void activate(String nationalId) {
        guardianAccounts.activate(sysadmin, person(nationalId).getId(), null, true);
    }

    private boolean mayRead(String guardianId, String childId) {
        return access.decide(guardian(guardianId), CoreActions.CHILD_READ, Target.child(person(childId).getId())).allowed();
    }

    private long changeRecords() {
        return db.transactions().inTransaction(em -> em.createQuery(
                "select count(r) from AuditRecordEntity r where r.outcome = 'CHANGED' and r.objectType <> 'source-run'", Long.class)
                .getSingleResult());
    }

    // ------------------------------------------------------------------ rules

    @Test
    void onlyCurrentHoldersOfResponsibilityBecomeGuardiansAndNewOnesArriveInactive() {
        PersonRecord mor = adult(adultId(LocalDate.of(1985, 3, 1), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord far = adult(adultId(LocalDate.of(1984, 4, 2), NationalId.Kind.D_NUMBER), "Far");
        PersonRecord stefar = adult(adultId(LocalDate.of(1980, 5, 3), NationalId.Kind.FODSELSNUMMER), "Stefar");
        PersonRecord ukjent = adult(adultId(LocalDate.of(1979, 6, 4), NationalId.Kind.FODSELSNUMMER), "Ukjent");
        PersonRecord barn = child(childId(LocalDate.of(2021, 2, 3)), "Barn");
        freg.feed.add(record(barn,
                List.of(holder(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR),
                        holder(far, ParentalResponsibility.FELLES, GuardianRelation.FAR),
                        // a history entry (erGjeldende=false) grants nothing
                        history(stefar, ParentalResponsibility.ANDRE, GuardianRelation.OTHER),
                        holder(ukjent, ParentalResponsibility.UKJENT, GuardianRelation.OTHER)),
                List.of(mor, far, stefar, ukjent)));
        ImportRun run = run(freg);
        assertEquals(ImportRun.Status.SUCCEEDED, run.status());
        assertEquals(0, run.rejected(), run.rejections().toString());

        List<GuardianshipEntity> links = links(barn.nationalId());
        assertEquals(3, links.size(), "mor, far (a D-number) and the ukjent entry; not the history entry");
        assertNull(person(stefar.nationalId()), "someone without current responsibility is not even stored");
        assertEquals(AccountState.INACTIVE, account(mor.nationalId()), "a new holder arrives INACTIVE");
        assertEquals(AccountState.INACTIVE, account(far.nationalId()));
        assertNull(account(ukjent.nationalId()), "ukjent grants nothing: no account");

        enrolInKindergarten(barn.nationalId());
        assertFalse(mayRead(mor.nationalId(), barn.nationalId()), "inactive until the unit admin activates");
        activate(mor.nationalId());
        assertTrue(mayRead(mor.nationalId(), barn.nationalId()));
        assertFalse(mayRead(ukjent.nationalId(), barn.nationalId()));
        assertThrows(RuntimeException.class, () -> guardianAccounts.activate(sysadmin, person(ukjent.nationalId()).getId(), null, true),
                "ukjent cannot be activated either");
    }

    @Test
    void responsibilityIsPerChildAndTheAccountGoesInactiveOnlyWhenNoLinkRemains() {
        PersonRecord mor = adult(adultId(LocalDate.of(1986, 1, 1), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord far = adult(adultId(LocalDate.of(1986, 2, 2), NationalId.Kind.FODSELSNUMMER), "Far");
        PersonRecord one = child(childId(LocalDate.of(2020, 1, 1)), "En");
        PersonRecord two = child(childId(LocalDate.of(2022, 1, 1)), "To");
        freg.feed.add(record(one, List.of(holder(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR),
                holder(far, ParentalResponsibility.FELLES, GuardianRelation.FAR)), List.of(mor, far)));
        freg.feed.add(record(two, List.of(holder(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR),
                holder(far, ParentalResponsibility.FELLES, GuardianRelation.FAR)), List.of(mor, far)));
        run(freg);
        enrolInKindergarten(one.nationalId(), two.nationalId());
        activate(mor.nationalId());
        assertTrue(mayRead(mor.nationalId(), one.nationalId()) && mayRead(mor.nationalId(), two.nationalId()));

        // custody change for the first child: the father alone
        freg.feed.add(record(one, List.of(holder(far, ParentalResponsibility.FAR, GuardianRelation.FAR)), List.of(far)));
        ImportRun change = run(freg);
        assertEquals(1, change.ended());
        assertEquals(1, change.updated(), "the father's link: felles -> far");
        GuardianshipEntity ended = links(one.nationalId()).stream().filter(l -> l.getGuardian().getNationalId().equals(mor.nationalId()))
                .findFirst().orElseThrow();
        assertFalse(ended.isCurrent());
        assertEquals("responsibility-ended", ended.getEndReason());
        assertFalse(mayRead(mor.nationalId(), one.nationalId()), "no access to the child she lost responsibility for");
        assertTrue(mayRead(mor.nationalId(), two.nationalId()), "still access to the other child");
        assertEquals(AccountState.ACTIVE, account(mor.nationalId()), "a current link remains: the account stays active");

        // and the second child too: now no link remains
        freg.feed.add(record(two, List.of(holder(far, ParentalResponsibility.FAR, GuardianRelation.FAR)), List.of(far)));
        run(freg);
        assertEquals(AccountState.INACTIVE, account(mor.nationalId()));
    }

    @Test
    void protectionAppliesAtOnceAndALiftedOneNeverBringsBackAnAddress() {
        PersonRecord mor = adult(adultId(LocalDate.of(1990, 1, 1), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord barn = child(childId(LocalDate.of(2021, 5, 5)), "Barn");
        freg.feed.add(record(barn, List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor)));
        run(freg);
        assertEquals("Demoveien 1", person(barn.nationalId()).getStreetAddress());

        // strengt fortrolig: even if a source sent an address, none is stored
        AddressRecord leak = new AddressRecord("Hemmelig vei 7", "0001", "Oslo");
        freg.feed.add(record(with(barn, AddressProtection.STRICTLY_CONFIDENTIAL, leak),
                List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)),
                List.of(with(mor, AddressProtection.STRICTLY_CONFIDENTIAL, leak))));
        run(freg);
        PersonEntity b = person(barn.nationalId());
        assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, b.getAddressProtection());
        assertNull(b.getStreetAddress());
        assertNull(person(mor.nationalId()).getStreetAddress());

        // the protection is lifted, and the registry gives no address (yet): none comes back
        freg.feed.add(record(with(barn, AddressProtection.NONE, null), List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)),
                List.of(with(mor, AddressProtection.NONE, null))));
        run(freg);
        assertEquals(AddressProtection.NONE, person(barn.nationalId()).getAddressProtection());
        assertNull(person(barn.nationalId()).getStreetAddress());

        // fortrolig and klientadresse keep the address the registry gives
        freg.feed.add(record(with(barn, AddressProtection.CONFIDENTIAL, new AddressRecord("Ny vei 2", "5004", "Ranselvik")),
                List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)),
                List.of(with(mor, AddressProtection.CLIENT_ADDRESS, new AddressRecord("Postboks 1", "5005", "Ranselvik")))));
        run(freg);
        assertEquals("Ny vei 2", person(barn.nationalId()).getStreetAddress());
        assertEquals(AddressProtection.CLIENT_ADDRESS, person(mor.nationalId()).getAddressProtection());
    }

    @Test
    void theBlocklistIsNeverWrittenByAnImportAndStaysHonoured() {
        PersonRecord mor = adult(adultId(LocalDate.of(1987, 7, 7), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord barn = child(childId(LocalDate.of(2020, 7, 7)), "Barn");
        var rec = record(barn, List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor));
        freg.feed.add(rec);
        run(freg);
        enrolInKindergarten(barn.nationalId());
        activate(mor.nationalId());
        guardianAccounts.block(sysadmin, person(mor.nationalId()).getId(), person(barn.nationalId()).getId(), "court-order");
        assertFalse(mayRead(mor.nationalId(), barn.nationalId()));

        // a full re-import that names her the holder, as before: still blocked
        state.put("freg", "position", "0");
        ImportRun again = run(freg);
        assertEquals(0, again.created() + again.updated() + again.ended());
        assertFalse(mayRead(mor.nationalId(), barn.nationalId()), "a blocked guardian stays blocked whatever the registry says");
        long blocks = db.transactions().inTransaction(em -> em.createQuery(
                "select count(b) from GuardianBlockEntity b where b.liftedAt is null", Long.class).getSingleResult());
        assertEquals(1, blocks);
        assertThrows(AccessDeniedException.class, () -> access.require(guardian(mor.nationalId()), CoreActions.CHILD_READ,
                Target.child(person(barn.nationalId()).getId())));
    }

    @Test
    void deathsEmigrationAndAReplacedIdentityNumber() {
        PersonRecord mor = adult(adultId(LocalDate.of(1982, 8, 8), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord far = adult(adultId(LocalDate.of(1981, 9, 9), NationalId.Kind.FODSELSNUMMER), "Far");
        PersonRecord barn = child(childId(LocalDate.of(2019, 9, 9)), "Barn");
        PersonRecord tvilling = child(childId(LocalDate.of(2019, 9, 9)), "Tvilling");
        for (PersonRecord c : List.of(barn, tvilling)) {
            freg.feed.add(record(c, List.of(holder(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR),
                    holder(far, ParentalResponsibility.FELLES, GuardianRelation.FAR)), List.of(mor, far)));
        }
        run(freg);
        long morId = person(mor.nationalId()).getId();

        // the father dies: his links end (reason death); the twin's mother keeps hers
        freg.feed.add(record(barn, List.of(holder(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR),
                holder(far, ParentalResponsibility.FELLES, GuardianRelation.FAR)), List.of(mor, with(far, PersonStatus.DECEASED))));
        run(freg);
        assertTrue(person(far.nationalId()).isDeceased());
        assertEquals("death", links(barn.nationalId()).stream().filter(l -> l.getGuardian().getNationalId().equals(far.nationalId()))
                .findFirst().orElseThrow().getEndReason());

        // the mother gets a new identity number (the old one ceases): same person, same links
        String newId = adultId(LocalDate.of(1982, 8, 8), NationalId.Kind.FODSELSNUMMER);
        PersonRecord renamed = new PersonRecord(newId, List.of(mor.nationalId()), "Mor", "Testesen", mor.birthDate(), AddressProtection.NONE,
                mor.address(), PersonStatus.RESIDENT);
        freg.feed.add(record(tvilling, List.of(holder(renamed, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(renamed)));
        run(freg);
        assertNull(person(mor.nationalId()));
        assertEquals(morId, person(newId).getId(), "the person keeps their history under the new number");
        assertTrue(links(barn.nationalId()).stream().anyMatch(l -> l.getGuardian().getId() == morId && l.isCurrent()));

        // emigration is recorded
        freg.feed.add(record(with(tvilling, PersonStatus.EMIGRATED), List.of(holder(renamed, ParentalResponsibility.MOR, GuardianRelation.MOR)),
                List.of(renamed)));
        run(freg);
        assertEquals("EMIGRATED", person(tvilling.nationalId()).getRegistryStatus());

        // the child dies: every link to it ends
        freg.feed.add(record(with(barn, PersonStatus.DECEASED), List.of(holder(renamed, ParentalResponsibility.MOR, GuardianRelation.MOR)),
                List.of(renamed)));
        run(freg);
        assertTrue(links(barn.nationalId()).stream().noneMatch(GuardianshipEntity::isCurrent));
    }

    @Test
    void aVergeIsRecordedAndGetsNoAccess() {
        PersonRecord mor = adult(adultId(LocalDate.of(1988, 1, 2), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord verge = adult(adultId(LocalDate.of(1960, 1, 2), NationalId.Kind.FODSELSNUMMER), "Verge");
        PersonRecord barn = child(childId(LocalDate.of(2018, 1, 2)), "Barn");
        freg.feed.add(record(barn, List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor, verge),
                List.of(new WardshipRecord(verge.nationalId(), true))));
        run(freg);
        enrolInKindergarten(barn.nationalId());
        long wardships = db.transactions().inTransaction(em -> em.createQuery("select count(w) from WardshipEntity w where w.current = true",
                Long.class).getSingleResult());
        assertEquals(1, wardships);
        assertEquals(1, links(barn.nationalId()).size(), "the verge is no guardian");
        assertNull(account(verge.nationalId()));
        assertFalse(mayRead(verge.nationalId(), barn.nationalId()));
    }

    @Test
    void aRejectedRecordIsReportedWithItsReasonAndTheRestGoOn() {
        PersonRecord mor = adult(adultId(LocalDate.of(1989, 3, 3), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord good = child(childId(LocalDate.of(2021, 3, 3)), "God");
        PersonRecord bad = child(childId(LocalDate.of(2021, 4, 4)), "Feil");
        // the holder's number has a wrong check digit: the whole child is rejected, nothing of it written
        String wrong = mor.nationalId().substring(0, 10) + ((mor.nationalId().charAt(10) - '0' + 1) % 10);
        freg.feed.add(record(bad, List.of(new no.ranselpost.registry.api.ResponsibilityRecord(wrong, ParentalResponsibility.MOR,
                GuardianRelation.MOR, true, null)), List.of(mor)));
        freg.feed.add(record(good, List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor)));
        freg.unreadable.add("line 99");
        ImportRun run = run(freg);
        assertEquals(2, run.rejected());
        assertTrue(run.rejections().get(0).reason().startsWith("holder: invalid national identity number"), run.rejections().toString());
        assertFalse(run.rejections().toString().contains(wrong), "a reason never holds the number");
        assertEquals("line 99", run.rejections().get(1).key());
        assertNull(person(bad.nationalId()), "never half-applied");
        assertEquals(1, links(good.nationalId()).size(), "the rest went on");
        ImportRun stored = engine.history(sysadmin, "freg", 1).get(0);
        assertEquals(run.rejections(), stored.rejections(), "rejections are kept with the run");
        assertEquals(ImportRun.Status.PARTIAL, stored.status(), "a run with rejections says so");
        assertTrue(stored.message().contains("2 record(s) rejected"), stored.message());
    }

    @Test
    void theSameInputAgainChangesNothing() {
        PersonRecord mor = adult(adultId(LocalDate.of(1983, 5, 5), NationalId.Kind.D_NUMBER), "Mor");
        PersonRecord far = adult(adultId(LocalDate.of(1983, 6, 6), NationalId.Kind.FODSELSNUMMER), "Far");
        PersonRecord verge = adult(adultId(LocalDate.of(1955, 6, 6), NationalId.Kind.FODSELSNUMMER), "Verge");
        for (int i = 0; i < 5; i++) {
            PersonRecord c = child(childId(LocalDate.of(2017 + i, 6, 6)), "Barn" + i);
            freg.feed.add(record(i == 2 ? with(c, AddressProtection.STRICTLY_CONFIDENTIAL, null) : c,
                    List.of(holder(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR), holder(far, ParentalResponsibility.FELLES,
                            GuardianRelation.FAR), history(verge, ParentalResponsibility.ANDRE, GuardianRelation.OTHER)),
                    List.of(mor, far, verge), i == 4 ? List.of(new WardshipRecord(verge.nationalId(), true)) : List.of()));
            admission.snapshot.add(enrolment(c.nationalId(), i % 2 == 0 ? Scenario.KG : Scenario.SCHOOL,
                    i % 2 == 0 ? UnitType.KINDERGARTEN : UnitType.SCHOOL, i % 2 == 0 ? "AVD1" : "1A", TODAY.minusYears(1), null));
        }
        run(freg);
        run(admission);
        String before = dump();
        long records = changeRecords();

        // reset the position and replay everything; run the snapshot again
        state.put("freg", "position", "0");
        ImportRun replay = run(freg);
        ImportRun snapshot = run(admission);
        assertEquals(0, replay.created() + replay.updated() + replay.ended(), replay.toString());
        assertEquals(5, replay.unchanged());
        assertEquals(0, snapshot.created() + snapshot.updated() + snapshot.ended(), snapshot.toString());
        assertEquals(records, changeRecords(), "no new change records");
        assertEquals(before, dump(), "the domain tables are identical");
    }

    /** The domain tables, row by row (run history and audit excluded). */
    private String dump() {
        StringBuilder sb = new StringBuilder();
        for (String table : List.of("RP_PERSON", "RP_GUARDIANSHIP", "RP_GUARDIAN_ACCOUNT", "RP_UNIT", "RP_UNIT_GROUP", "RP_ENROLMENT",
                "RP_WARDSHIP", "RP_GUARDIAN_BLOCK")) {
            sb.append(table).append('\n');
            db.transactions().run(em -> {
                @SuppressWarnings("unchecked")
                List<Object> rows = em.createNativeQuery("SELECT * FROM " + table + " ORDER BY ID").getResultList();
                for (Object row : rows) {
                    sb.append(row instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(row)).append('\n');
                }
            });
        }
        return sb.toString();
    }

    @Test
    void anEndedEnrolmentEndsAccessToThatUnitAndWhatDisappearsEndsBehindTheHold() {
        PersonRecord mor = adult(adultId(LocalDate.of(1984, 10, 10), NationalId.Kind.FODSELSNUMMER), "Mor");
        List<PersonRecord> kids = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            PersonRecord c = child(childId(LocalDate.of(2019, 1, 1 + i)), "Barn" + i);
            kids.add(c);
            freg.feed.add(record(c, List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor)));
            admission.snapshot.add(enrolment(c.nationalId(), Scenario.KG, UnitType.KINDERGARTEN, "AVD1", TODAY.minusYears(1), null));
        }
        // siblings in different units: the first child is also at the school's SFO
        admission.snapshot.add(enrolment(kids.get(0).nationalId(), Scenario.SCHOOL, UnitType.SFO, "SFO1", TODAY.minusYears(1), null));
        run(freg);
        run(admission);
        activate(mor.nationalId());
        AuthenticatedPrincipal kgAdmin = new AuthenticatedPrincipal(3, no.ranselpost.core.api.identity.AccountKind.STAFF, "styrer", "S", null,
                List.of(RoleGrant.unit(Role.UNIT_ADMIN, db.transactions().inTransaction(em -> em.createQuery(
                        "select u.id from UnitEntity u where u.unitType = no.ranselpost.core.api.UnitType.KINDERGARTEN", Long.class)
                        .getSingleResult()))), 3, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);
        long first = person(kids.get(0).nationalId()).getId();
        assertTrue(access.decide(kgAdmin, CoreActions.CHILD_READ, Target.child(first)).allowed());

        // the source ends the first child's kindergarten place: the kindergarten loses the child, the SFO keeps it
        admission.snapshot.set(0, enrolment(kids.get(0).nationalId(), Scenario.KG, UnitType.KINDERGARTEN, "AVD1", TODAY.minusYears(1),
                TODAY.minusDays(1)));
        ImportRun ended = run(admission);
        assertEquals(1, ended.ended());
        assertFalse(access.decide(kgAdmin, CoreActions.CHILD_READ, Target.child(first)).allowed());
        assertTrue(mayRead(mor.nationalId(), kids.get(0).nationalId()), "still enrolled at the SFO");

        // one row disappears (1 of 12, under 10 %): it ends
        admission.snapshot.remove(1);
        assertEquals(1, run(admission).ended());
        // five disappear at once (over 10 %): held, nothing ends, until a SYSTEM_ADMIN confirms
        for (int i = 0; i < 5; i++) {
            admission.snapshot.remove(1);
        }
        ImportRun held = run(admission);
        assertEquals(ImportRun.Status.HELD, held.status());
        assertEquals(0, held.ended());
        assertTrue(mayRead(mor.nationalId(), kids.get(3).nationalId()), "nothing ended while held");
        // meanwhile the source gives something else: the confirmation applies what was held, not this
        EnrolmentRecord newer = enrolment(kids.get(11).nationalId(), Scenario.KG, UnitType.KINDERGARTEN, "AVD1", TODAY.minusYears(1),
                TODAY.minusDays(1));
        admission.snapshot.set(admission.snapshot.size() - 2, newer);
        ImportRun confirmed = engine.confirm(sysadmin, "enrolment", held.id());
        assertEquals(ImportRun.Status.SUCCEEDED, confirmed.status());
        assertEquals(5, confirmed.ended());
        assertFalse(mayRead(mor.nationalId(), kids.get(3).nationalId()));
        assertTrue(mayRead(mor.nationalId(), kids.get(11).nationalId()), "the newer input was not what got applied");
        assertEquals(ImportRun.Status.CONFIRMED, engine.history(sysadmin, "enrolment", 5).stream().filter(r -> r.id() == held.id())
                .findFirst().orElseThrow().status());
        InvalidRequestException twice = assertThrows(InvalidRequestException.class, () -> engine.confirm(sysadmin, "enrolment", held.id()));
        assertTrue(twice.getMessage().contains("CONFIRMED"), twice.getMessage());

        // a held run that a newer run has overtaken is not confirmed
        for (int i = 0; i < 3; i++) {
            admission.snapshot.remove(1);
        }
        ImportRun heldAgain = run(admission);
        assertEquals(ImportRun.Status.HELD, heldAgain.status());
        admission.snapshot.clear();
        assertEquals(ImportRun.Status.HELD, run(admission).status());
        InvalidRequestException overtaken = assertThrows(InvalidRequestException.class,
                () -> engine.confirm(sysadmin, "enrolment", heldAgain.id()));
        assertTrue(overtaken.getMessage().contains("newer run"), overtaken.getMessage());
    }

    @Test
    void anExportListingAReplacedNumberFindsThePersonTheRegisterMovedItTo() {
        PersonRecord mor = adult(adultId(LocalDate.of(1984, 10, 10), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord barn = child(childId(LocalDate.of(2019, 4, 4)), "Barn");
        freg.feed.add(record(barn, List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor)));
        admission.snapshot.add(enrolment(barn.nationalId(), Scenario.KG, UnitType.KINDERGARTEN, "AVD1", TODAY.minusYears(1), null));
        run(freg);
        run(admission);
        long childRow = person(barn.nationalId()).getId();

        // the register replaces the child's number; the admission export still lists the old one
        String newId = childId(LocalDate.of(2019, 4, 4));
        PersonRecord renamed = new PersonRecord(newId, List.of(barn.nationalId()), "Barn", "Testesen", barn.birthDate(),
                AddressProtection.NONE, barn.address(), PersonStatus.RESIDENT);
        freg.feed.add(record(renamed, List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor)));
        run(freg);
        assertEquals(childRow, person(newId).getId());
        ImportRun again = run(admission);
        assertEquals(0, again.created(), "no nameless person under the old number: " + again);
        assertEquals(0, again.ended(), "the real child's enrolment stays");
        assertNull(person(barn.nationalId()));
        assertTrue(mayRead(mor.nationalId(), newId) || account(mor.nationalId()) != AccountState.ACTIVE);
        long enrolments = db.transactions().inTransaction(em -> em.createQuery("select count(e) from EnrolmentEntity e where e.child.id = :c "
                + "and e.endDate is null", Long.class).setParameter("c", childRow).getSingleResult());
        assertEquals(1, enrolments);
    }

    @Test
    void aRunThatRejectsEverythingIsNotSucceededAndEveryRunIsAttributed() {
        freg.unreadable.add("line 1");
        freg.unreadable.add("line 2");
        ImportRun run = run(freg);
        assertEquals(ImportRun.Status.FAILED, run.status());
        assertTrue(run.message().contains("every record (2) was rejected"), run.message());
        List<String> actors = db.transactions().inTransaction(em -> em.createQuery("select r.principal from AuditRecordEntity r "
                + "where r.objectType = 'source-run' and r.action = :a", String.class).setParameter("a", ImportActions.RUN).getResultList());
        assertEquals(List.of("account:1"), actors, "the run is recorded with the account that started it");
        engine.runAsJob("freg", no.ranselpost.audit.api.Actor.systemJob("import-pickup"));
        engine.resetAsJob("freg", new no.ranselpost.audit.api.Actor("shell:karaf", "SYSTEM_ADMIN"));
        List<String> all = db.transactions().inTransaction(em -> em.createQuery("select r.principal from AuditRecordEntity r "
                + "where r.objectType in ('source-run', 'source-state', 'source') order by r.id", String.class).getResultList());
        assertTrue(all.containsAll(List.of("account:1", "system:import-pickup", "shell:karaf")), all.toString());
    }

    @Test
    void aRunCutOffByAStopIsInterruptedAtTheNextStartAndTheNextRunSaysItResumes() {
        long abandoned = new no.ranselpost.persistence.internal.JpaSourceRunHistory(db.transactions()).start("freg").id();
        // what a start after a SIGKILL finds: a run still RUNNING
        ImportEngine restarted = new ImportEngine(db.transactions(), new JpaAuditTrail(db.transactions()), access, () -> true, state,
                new JpaSourceRunHistory(db.transactions()), CLOCK);
        restarted.bindSource(freg);
        ImportRun interrupted = restarted.history(sysadmin, "freg", 5).stream().filter(r -> r.id() == abandoned).findFirst().orElseThrow();
        assertEquals(ImportRun.Status.INTERRUPTED, interrupted.status());
        assertTrue(interrupted.finishedAt() != null && interrupted.message().startsWith("Interrupted"), interrupted.message());
        ImportRun next = restarted.run(sysadmin, "freg");
        assertTrue(next.message() != null && next.message().startsWith("Resumes run " + abandoned), String.valueOf(next.message()));
    }

    @Test
    void contactDataGoesToKnownPeopleOnly() {
        PersonRecord mor = adult(adultId(LocalDate.of(1985, 11, 11), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord barn = child(childId(LocalDate.of(2020, 11, 11)), "Barn");
        freg.feed.add(record(barn, List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor)));
        run(freg);
        InMemorySource krr = new InMemorySource("krr", false);
        engine.bindSource(krr);
        java.time.OffsetDateTime confirmed = java.time.OffsetDateTime.parse("2026-01-02T03:04:05Z");
        krr.contacts.add(new no.ranselpost.registry.api.ContactRecord("krr#1", mor.nationalId(), "mor@example.no", confirmed, "+4740000000",
                confirmed, false));
        krr.contacts.add(new no.ranselpost.registry.api.ContactRecord("krr#2", adultId(LocalDate.of(1970, 1, 1), NationalId.Kind.FODSELSNUMMER),
                "stranger@example.no", confirmed, null, null, true));
        ImportRun run = engine.run(sysadmin, "krr");
        assertEquals(1, run.created(), "the first answer about her creates her registration");
        assertEquals(1, run.rejected());
        assertEquals("person: not known here", run.rejections().get(0).reason());
        assertEquals("mor@example.no", person(mor.nationalId()).getEmail());
        ImportRun again = engine.run(sysadmin, "krr");
        assertEquals(0, again.created() + again.updated(), "the same contact data again changes nothing");
        assertEquals(1, again.unchanged());
    }

    @Test
    void theContactRegisterOwnsWhatItGaveAndWhomItNoLongerKnowsLosesIt() {
        PersonRecord mor = adult(adultId(LocalDate.of(1986, 10, 10), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord barn = child(childId(LocalDate.of(2020, 10, 10)), "Barn");
        freg.feed.add(record(barn, List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor)));
        run(freg);
        InMemorySource krr = new InMemorySource("krr", false);
        engine.bindSource(krr);
        java.time.OffsetDateTime updated = java.time.OffsetDateTime.parse("2024-01-02T03:04:05Z");
        java.time.OffsetDateTime verified = java.time.OffsetDateTime.parse("2026-03-04T05:06:07+01:00");
        krr.contacts.add(new no.ranselpost.registry.api.ContactRecord("krr#1", mor.nationalId(),
                no.ranselpost.registry.api.ContactRegisterStatus.ACTIVE, true, false, "nn", "mor@example.no", updated, verified,
                "+47 400 00 000", updated, null));
        assertEquals(ImportRun.Status.SUCCEEDED, run(krr).status());
        PersonEntity p = person(mor.nationalId());
        assertEquals("+4740000000", p.getMobile());
        assertTrue(p.isContactReserved());
        assertEquals(verified.toInstant(), p.getEmailConfirmedAt().toInstant(), "the later of updated and verified");
        no.ranselpost.persistence.entity.ContactRegistrationEntity reg = registration(p.getId());
        assertEquals("ACTIVE", reg.getRegisterStatus());
        assertEquals("CANNOT_BE_NOTIFIED", reg.getNotificationStatus());
        assertEquals("nn", reg.getLanguage());
        assertEquals("krr", reg.getSourceId());

        // another source may not change what the register owns; a malformed value rejects the record whole
        InMemorySource other = new InMemorySource("other-contacts", false);
        engine.bindSource(other);
        other.contacts.add(new no.ranselpost.registry.api.ContactRecord("o#1", mor.nationalId(), "annen@example.no", verified, null, null,
                false));
        ImportRun refused = run(other);
        assertEquals("contact data: owned by source krr, which alone changes it", refused.rejections().get(0).reason());
        krr.contacts.set(0, new no.ranselpost.registry.api.ContactRecord("krr#1", mor.nationalId(), "ny@example.no", verified,
                "not a number", verified, false));
        ImportRun malformed = run(krr);
        assertEquals("mobile: not a phone number", malformed.rejections().get(0).reason());
        assertEquals("mor@example.no", person(mor.nationalId()).getEmail(), "nothing of a rejected record applies");
        assertTrue(person(mor.nationalId()).isContactReserved());

        // deleted from the register: the stored contact data goes
        krr.contacts.set(0, no.ranselpost.registry.api.ContactRecord.unknown("krr#1", mor.nationalId(),
                no.ranselpost.registry.api.ContactRegisterStatus.DELETED));
        run(krr);
        p = person(mor.nationalId());
        assertNull(p.getEmail());
        assertNull(p.getMobile());
        assertNull(p.getEmailConfirmedAt());
        assertFalse(p.isContactReserved());
        reg = registration(p.getId());
        assertEquals("DELETED", reg.getRegisterStatus());
        assertNull(reg.getEmailVerifiedAt());
    }

    @Test
    void aFollowingSourceRunsAfterAnotherSourcesRunWhenItAsks() throws Exception {
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
        List<String> askedAfter = new java.util.concurrent.CopyOnWriteArrayList<>();
        no.ranselpost.registry.api.FollowingSource follower = new no.ranselpost.registry.api.FollowingSource() {
            @Override
            public boolean runAfter(String finishedSourceId) {
                askedAfter.add(finishedSourceId);
                return true;
            }

            @Override
            public boolean runDue() {
                return false;
            }

            @Override
            public String sourceId() {
                return "follower";
            }

            @Override
            public boolean fullSnapshot() {
                return false;
            }

            @Override
            public void pull(no.ranselpost.registry.api.ImportSink sink, StateView state) {
                ran.countDown();
            }
        };
        engine.bindSource(follower);
        PersonRecord barn = child(childId(LocalDate.of(2020, 9, 9)), "Barn");
        freg.feed.add(record(barn, List.of(), List.of()));
        run(freg);
        assertTrue(ran.await(10, java.util.concurrent.TimeUnit.SECONDS), "the follower ran after the freg run");
        assertEquals(List.of("freg"), askedAfter, "asked after freg's run, never after its own");
        long deadline = System.currentTimeMillis() + 10_000;
        while (engine.history(sysadmin, "follower", 1).isEmpty() || engine.history(sysadmin, "follower", 1).get(0).status()
                == ImportRun.Status.RUNNING) {
            assertTrue(System.currentTimeMillis() < deadline);
            Thread.sleep(20);
        }
        assertEquals(ImportRun.Status.SUCCEEDED, engine.history(sysadmin, "follower", 1).get(0).status());
    }

    private no.ranselpost.persistence.entity.ContactRegistrationEntity registration(long personId) {
        return db.transactions().inTransaction(em -> em.createQuery(
                "select c from ContactRegistrationEntity c where c.person.id = :p", no.ranselpost.persistence.entity.ContactRegistrationEntity.class)
                .setParameter("p", personId).getSingleResult());
    }

    @Test
    void employmentsNeedAKnownUnitAndARoleOfLeaderOrEmployeeAndEndWhenTheyDisappear() {
        enrolInKindergarten(childId(LocalDate.of(2021, 12, 1)));
        InMemorySource hr = new InMemorySource("hr", true);
        engine.bindSource(hr);
        List<no.ranselpost.registry.api.EmploymentRecord> staff = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            PersonRecord p = adult(adultId(LocalDate.of(1970 + i, 1, 1), NationalId.Kind.FODSELSNUMMER), "Ansatt" + i);
            staff.add(new no.ranselpost.registry.api.EmploymentRecord("hr#" + i, "E" + i, p, null, null, Scenario.KG, null, "P1", "Pedagog",
                    i == 0 ? Role.LEADER : Role.EMPLOYEE, TODAY.minusYears(1), null, null, null));
        }
        hr.employments.addAll(staff);
        PersonRecord ghost = adult(adultId(LocalDate.of(1966, 1, 1), NationalId.Kind.FODSELSNUMMER), "Ukjent enhet");
        hr.employments.add(new no.ranselpost.registry.api.EmploymentRecord("hr#x", "EX", ghost, null, null, Scenario.org(91000020),
                UnitType.SCHOOL, "P1", "Lærer", Role.EMPLOYEE, TODAY.minusYears(1), null, null, null));
        hr.employments.add(new no.ranselpost.registry.api.EmploymentRecord("hr#y", "EY", ghost, null, null, Scenario.KG,
                UnitType.KINDERGARTEN, "ADM", "Styrer", Role.UNIT_ADMIN, TODAY.minusYears(1), null, null, null));
        ImportRun first = engine.run(sysadmin, "hr");
        assertEquals(2, first.rejected(), first.rejections().toString());
        assertEquals("unit: unknown (the enrolment source creates units)", first.rejections().get(0).reason());
        assertEquals("role: an HR position maps to LEADER or EMPLOYEE only", first.rejections().get(1).reason());
        assertEquals(24, first.created(), "12 people and 12 employments");

        // a rejected row is not a row that disappeared: while the file has one, nothing ends
        hr.employments.remove(0);
        ImportRun withRejections = engine.run(sysadmin, "hr");
        assertEquals(0, withRejections.ended(), withRejections.message());
        assertTrue(withRejections.message().startsWith("2 record(s) rejected: nothing that disappeared"), withRejections.message());
        hr.employments.add(0, staff.get(0));
        hr.employments.removeIf(e -> e.key().equals("hr#x") || e.key().equals("hr#y"));

        // an employee who is also a guardian: HR never overwrites what the population register gave
        PersonRecord parent = adult(adultId(LocalDate.of(1977, 7, 7), NationalId.Kind.FODSELSNUMMER), "Forelder");
        freg.feed.add(record(child(childId(LocalDate.of(2020, 9, 9)), "Barn"),
                List.of(holder(parent, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(parent)));
        run(freg);
        hr.employments.add(new no.ranselpost.registry.api.EmploymentRecord("hr#p", "EP",
                new PersonRecord(parent.nationalId(), List.of(), "Annet", "Navn", null, AddressProtection.NONE, null, PersonStatus.RESIDENT),
                null, null, Scenario.KG, null, "P1", "Pedagog", Role.EMPLOYEE, TODAY.minusYears(1), null, null, null));
        engine.run(sysadmin, "hr");
        assertEquals("Demoveien 1", person(parent.nationalId()).getStreetAddress());
        assertEquals("Forelder", person(parent.nationalId()).getGivenName());
        hr.employments.remove(hr.employments.size() - 1);
        engine.run(sysadmin, "hr");

        hr.employments.remove(0);
        assertEquals(1, engine.run(sysadmin, "hr").ended(), "an employment that disappears ends");
        hr.employments.subList(0, 5).clear();
        assertEquals(ImportRun.Status.HELD, engine.run(sysadmin, "hr").status(), "five of eleven at once: held");
    }

    @Test
    void resettingTheStateMakesTheNextRunStartAfreshAndChangesNothingElse() {
        PersonRecord mor = adult(adultId(LocalDate.of(1981, 12, 12), NationalId.Kind.FODSELSNUMMER), "Mor");
        freg.feed.add(record(child(childId(LocalDate.of(2020, 12, 12)), "Barn"),
                List.of(holder(mor, ParentalResponsibility.MOR, GuardianRelation.MOR)), List.of(mor)));
        run(freg);
        assertEquals("1", engine.state(sysadmin, "freg").get("position"));
        engine.resetState(sysadmin, "freg");
        assertTrue(engine.state(sysadmin, "freg").isEmpty());
        ImportRun again = run(freg);
        assertEquals(1, again.unchanged(), "the whole feed again: idempotent");
        assertEquals("1", engine.state(sysadmin, "freg").get("position"));
        AuthenticatedPrincipal leader = new AuthenticatedPrincipal(4, no.ranselpost.core.api.identity.AccountKind.STAFF, "l", "L", null, List.of(RoleGrant.group(Role.LEADER, 1, 1)), 4,
                AuthenticatedPrincipal.Assurance.PASSWORD);
        assertThrows(AccessDeniedException.class, () -> engine.resetState(leader, "freg"));
    }

    /** A file source for the upload tests: one enrolment per line "childId", or "BROKEN" for an unreadable file. */
    private static class LinesSource implements no.ranselpost.registry.api.FileImportSource {
        @Override
        public String sourceId() {
            return "enrolment-file";
        }

        @Override
        public boolean fullSnapshot() {
            return true;
        }

        @Override
        public void pull(no.ranselpost.registry.api.ImportSink sink, StateView state) {
            // nothing in a pickup directory here
        }

        @Override
        public void pull(no.ranselpost.registry.api.ImportSink sink, StateView state, java.nio.file.Path file) throws Exception {
            List<String> lines = java.nio.file.Files.readAllLines(file);
            if (lines.contains("BROKEN")) {
                throw new UnreadableFileException("line 2: not a valid row");
            }
            int n = 0;
            for (String child : lines) {
                sink.enrolment(enrolment(child, Scenario.KG, UnitType.KINDERGARTEN, "AVD1", TODAY.minusMonths(1), null));
                n++;
            }
        }

        @Override
        public long maxFileBytes() {
            return 1000;
        }
    }

    @Test
    void aFileIsUploadedBySystemAdminOrTheSourcesOwnIntegrationAndAnUnreadableOneAppliesNothing() {
        engine.bindSource(new LinesSource());
        String a = childId(LocalDate.of(2021, 1, 9));
        String b = childId(LocalDate.of(2021, 2, 9));
        java.util.function.Function<String, java.io.InputStream> file = text -> new java.io.ByteArrayInputStream(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ImportRun run = engine.upload(sysadmin, "enrolment-file", file.apply(a + "\n" + b + "\n"));
        assertEquals(ImportRun.Status.SUCCEEDED, run.status());
        assertTrue(run.created() >= 2);

        AuthenticatedPrincipal ownIntegration = new AuthenticatedPrincipal(7, no.ranselpost.core.api.identity.AccountKind.INTEGRATION, "adm", "Adm", null,
                List.of(RoleGrant.integration("enrolment-file")), 0, AuthenticatedPrincipal.Assurance.INTEGRATION_BASIC);
        AuthenticatedPrincipal otherIntegration = new AuthenticatedPrincipal(8, no.ranselpost.core.api.identity.AccountKind.INTEGRATION, "hr", "Hr", null, List.of(RoleGrant.integration("hr")), 0,
                AuthenticatedPrincipal.Assurance.INTEGRATION_BASIC);
        assertEquals(0, engine.upload(ownIntegration, "enrolment-file", file.apply(a + "\n" + b + "\n")).created(),
                "the source's own integration may push; the same file changes nothing");
        assertThrows(AccessDeniedException.class, () -> engine.upload(otherIntegration, "enrolment-file", file.apply(a)));

        long before = db.transactions().inTransaction(em -> em.createQuery("select count(e) from EnrolmentEntity e", Long.class)
                .getSingleResult());
        ImportRun broken = engine.upload(sysadmin, "enrolment-file", file.apply(a + "\nBROKEN\n"));
        assertEquals(ImportRun.Status.FAILED, broken.status());
        assertEquals("The file could not be read: line 2: not a valid row", broken.message());
        assertEquals(before, (long) db.transactions().inTransaction(em -> em.createQuery("select count(e) from EnrolmentEntity e",
                Long.class).getSingleResult()), "nothing applied, nothing ended");
        assertThrows(no.ranselpost.core.api.PayloadTooLargeException.class,
                () -> engine.upload(sysadmin, "enrolment-file", file.apply("x".repeat(2000))), "larger than the source accepts: a 413");
        assertThrows(no.ranselpost.core.api.InvalidRequestException.class, () -> engine.upload(sysadmin, "freg", file.apply(a)),
                "not a file source");
    }

    @Test
    void aFileSourceWithANewFileWaitingIsRunOnItsOwn() {
        java.util.concurrent.atomic.AtomicBoolean waiting = new java.util.concurrent.atomic.AtomicBoolean(true);
        engine.bindSource(new LinesSource() {
            @Override
            public boolean hasNewFile() {
                return waiting.getAndSet(false);
            }
        });
        engine.pickUpNewFiles();
        assertEquals(1, engine.history(sysadmin, "enrolment-file", 5).size(), "the waiting file was picked up");
        engine.pickUpNewFiles();
        assertEquals(1, engine.history(sysadmin, "enrolment-file", 5).size(), "nothing new: no run");
    }

    @Test
    void onlyASystemAdminRunsImports() {
        AuthenticatedPrincipal leader = new AuthenticatedPrincipal(4, no.ranselpost.core.api.identity.AccountKind.STAFF, "l", "L", null, List.of(RoleGrant.group(Role.LEADER, 1, 1)), 4,
                AuthenticatedPrincipal.Assurance.PASSWORD);
        assertThrows(AccessDeniedException.class, () -> engine.run(leader, "freg"));
        assertThrows(AccessDeniedException.class, () -> engine.history(leader, "freg", 5));
        assertThrows(no.ranselpost.core.api.NoSuchObjectException.class, () -> engine.run(sysadmin, "vigilo"));
        assertEquals(java.util.Set.of("enrolment", "freg"), engine.sources());
        engine.unbindSource(freg);
        assertEquals(java.util.Set.of("enrolment"), engine.sources(), "an adapter that goes is gone at once");
    }

    @Test
    void groupsAndEnrolmentsByHandAreTheUnitAdminsUntilAnImportCoversThemAndTakesThemOverWithoutADuplicate() {
        String imported = childId(LocalDate.of(2021, 5, 1));
        enrolInKindergarten(imported);
        long unit = db.transactions().inTransaction(em -> em.createQuery("select e.unit.id from EnrolmentEntity e", Long.class)
                .getResultList().get(0));
        access.addDeclaration(new no.ranselpost.core.internal.GroupAdministrationDeclaration());
        no.ranselpost.core.internal.JpaGroupAdministration groups = new no.ranselpost.core.internal.JpaGroupAdministration(
                db.transactions(), access, new JpaAuditTrail(db.transactions()), CLOCK);
        AuthenticatedPrincipal admin = new AuthenticatedPrincipal(2, AccountKind.STAFF, "styrer", "Styrer", null,
                List.of(RoleGrant.unit(Role.UNIT_ADMIN, unit)), 2, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);
        AuthenticatedPrincipal leader = new AuthenticatedPrincipal(3, AccountKind.STAFF, "leder", "Leder", null,
                List.of(RoleGrant.unit(Role.LEADER, unit)), 3, AuthenticatedPrincipal.Assurance.PASSWORD);

        // a new department by hand, renamed; a child the kommune knows enrolled there by hand, marked as such
        no.ranselpost.core.api.Group avd2 = groups.createGroup(admin, unit, "AVD2", "Avdeling Blå", no.ranselpost.core.api.GroupType.DEPARTMENT);
        assertEquals("Avdeling Grønn", groups.renameGroup(admin, avd2.id(), "Avdeling Grønn").name());
        assertThrows(AccessDeniedException.class, () -> groups.renameGroup(leader, avd2.id(), "Avdeling Lilla"));
        String byHandId = childId(LocalDate.of(2021, 6, 1));
        long child = db.transactions().inTransaction(em -> {
            PersonEntity p = new PersonEntity();
            p.setNationalId(byHandId);
            em.persist(p);
            em.flush();
            return p.getId();
        });
        no.ranselpost.core.api.Enrolment manual = groups.enrol(admin, unit, child, avd2.id(), TODAY.minusDays(3), null);
        assertEquals("manual", db.transactions().inTransaction(em -> em.find(no.ranselpost.persistence.entity.EnrolmentEntity.class,
                manual.id()).getSourceId()));
        // what the source owns stays the source's: the imported child's group, the imported group's name (409 naming it)
        long imported1 = person(imported).getId();
        no.ranselpost.core.api.ConflictException moveImported = assertThrows(no.ranselpost.core.api.ConflictException.class,
                () -> groups.moveChild(admin, imported1, avd2.id()));
        assertEquals("enrolment", moveImported.source());
        long avd1 = db.transactions().inTransaction(em -> em.createQuery("select g.id from GroupEntity g where g.code = 'AVD1'", Long.class)
                .getSingleResult());
        assertThrows(no.ranselpost.core.api.ConflictException.class, () -> groups.renameGroup(admin, avd1, "Noe annet"));
        // the hand-enrolled child moves between the unit's groups
        assertEquals(avd1, groups.moveChild(admin, child, avd1).groupId());
        assertEquals(avd2.id(), groups.moveChild(admin, child, avd2.id()).groupId());

        // the admission export now lists the child in AVD2: the source takes the enrolment over, no second one, the same group
        admission.snapshot.add(enrolment(byHandId, Scenario.KG, UnitType.KINDERGARTEN, "AVD2", TODAY.minusDays(3), null));
        ImportRun run = run(admission);
        List<no.ranselpost.persistence.entity.EnrolmentEntity> enrolments = db.transactions().inTransaction(em -> em.createQuery(
                "select e from EnrolmentEntity e join fetch e.group where e.child.id = :c and (e.endDate is null or e.endDate >= :today)",
                no.ranselpost.persistence.entity.EnrolmentEntity.class).setParameter("c", child).setParameter("today", TODAY).getResultList());
        assertEquals(1, enrolments.size(), "taken over, not duplicated: " + run);
        assertEquals("enrolment", enrolments.get(0).getSourceId());
        assertEquals(avd2.id(), enrolments.get(0).getGroup().getId(), "the group made by hand is the one the export names");
        long groupCount = db.transactions().inTransaction(em -> em.createQuery("select count(g) from GroupEntity g", Long.class)
                .getSingleResult());
        assertEquals(2L, groupCount);
        // from now on the source owns it
        assertThrows(no.ranselpost.core.api.ConflictException.class, () -> groups.moveChild(admin, child, avd1));
        assertEquals(0, run(admission).updated(), "a second run changes nothing");
    }

    @Test
    void aSystemAdministratorsOverrideOfANameOrAProtectionSurvivesReimportsUntilLifted() {
        PersonRecord mor = adult(adultId(LocalDate.of(1985, 3, 1), NationalId.Kind.FODSELSNUMMER), "Mor");
        PersonRecord barn = child(childId(LocalDate.of(2014, 5, 20)), "Konkurransedyktig");
        freg.feed.add(record(barn, List.of(holder(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR)), List.of(mor)));
        run(freg);
        long child = person(barn.nationalId()).getId();
        access.addDeclaration(new no.ranselpost.core.internal.OverrideDeclaration());
        no.ranselpost.core.internal.JpaPersonOverrides overrides = new no.ranselpost.core.internal.JpaPersonOverrides(db.transactions(), access,
                new JpaAuditTrail(db.transactions()), CLOCK);
        AuthenticatedPrincipal unitAdmin = new AuthenticatedPrincipal(2, AccountKind.STAFF, "styrer", "Styrer", null,
                List.of(RoleGrant.kommuneWide(Role.UNIT_ADMIN)), 2, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

        // seed 003: a pupil who changes name; only the system administrator overrides, with a reason
        assertThrows(AccessDeniedException.class, () -> overrides.override(unitAdmin, child, "given-name", "Kari", "name-change"));
        assertThrows(InvalidRequestException.class, () -> overrides.override(sysadmin, child, "given-name", "Kari", null));
        overrides.override(sysadmin, child, "given-name", "Kari", "name-change");
        assertEquals("Kari", person(barn.nationalId()).getGivenName());
        // a plain edit of what the register owns is a conflict naming it
        no.ranselpost.core.api.ConflictException locked = assertThrows(no.ranselpost.core.api.ConflictException.class,
                () -> overrides.editName(sysadmin, child, "Kari", null));
        assertEquals("freg", locked.source());

        // the register says the old name again, and a new family name: the override stays, the rest applies
        freg.feed.add(record(new PersonRecord(barn.nationalId(), List.of(), "Konkurransedyktig", "Baug", barn.birthDate(),
                AddressProtection.NONE, barn.address(), barn.status()), List.of(holder(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR)),
                List.of(mor)));
        run(freg);
        assertEquals("Kari", person(barn.nationalId()).getGivenName());
        assertEquals("Baug", person(barn.nationalId()).getFamilyName());
        assertEquals(List.of("given-name"), overrides.overrides(sysadmin, child).stream().map(o -> o.field()).toList(),
                "the record shows that an override applies");

        // protection not yet settled in the register: raised by hand, never lowered, kept while the register still says ugradert
        assertThrows(InvalidRequestException.class, () -> overrides.override(sysadmin, child, "address-protection", "NONE", "pending-case"));
        overrides.override(sysadmin, child, "address-protection", "STRICTLY_CONFIDENTIAL", "pending-case");
        assertNull(person(barn.nationalId()).getStreetAddress(), "strengt fortrolig stores no address");
        freg.feed.add(record(new PersonRecord(barn.nationalId(), List.of(), "Konkurransedyktig", "Baug", barn.birthDate(),
                AddressProtection.NONE, barn.address(), barn.status()), List.of(holder(mor, ParentalResponsibility.FELLES, GuardianRelation.MOR)),
                List.of(mor)));
        run(freg);
        assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, person(barn.nationalId()).getAddressProtection());
        assertNull(person(barn.nationalId()).getStreetAddress());

        // lifted: the register's name applies again at once
        overrides.lift(sysadmin, child, "given-name");
        assertEquals("Konkurransedyktig", person(barn.nationalId()).getGivenName());
        assertThrows(no.ranselpost.core.api.NoSuchObjectException.class, () -> overrides.lift(sysadmin, child, "given-name"));
        long audited = db.transactions().inTransaction(em -> em.createQuery("select count(r) from AuditRecordEntity r where r.action in "
                + "('core.person.override', 'core.person.override-lift') and r.outcome = 'CHANGED'", Long.class).getSingleResult());
        assertEquals(3L, audited);
    }

    /**
     * SOAP pushes (issue 27): the source's own integration only; a snapshot ends what it no longer
     * lists behind the same hold (its input kept, so the confirm applies exactly that), changes end
     * nothing; rejections and notices come back in order; no adapter needs to be installed.
     */
    @Test
    void aPushGoesThroughTheSameRulesAsAFileOfItsSource() {
        AuthenticatedPrincipal admission = new AuthenticatedPrincipal(9, no.ranselpost.core.api.identity.AccountKind.INTEGRATION, "opptak",
                "Opptak", null, List.of(RoleGrant.integration("pushed")), 0, AuthenticatedPrincipal.Assurance.INTEGRATION_BASIC);
        AuthenticatedPrincipal hr = new AuthenticatedPrincipal(10, no.ranselpost.core.api.identity.AccountKind.INTEGRATION, "hr", "Hr", null,
                List.of(RoleGrant.integration("hr")), 0, AuthenticatedPrincipal.Assurance.INTEGRATION_BASIC);
        String a = childId(LocalDate.of(2021, 3, 9));
        String b = childId(LocalDate.of(2021, 4, 9));
        List<Object> both = List.of(enrolment(a, Scenario.KG, UnitType.KINDERGARTEN, "AVD1", TODAY.minusMonths(1), null),
                enrolment(b, Scenario.KG, UnitType.KINDERGARTEN, "AVD1", TODAY.minusMonths(1), null),
                new ImportRun.Rejection("record 3", "unit_org_number: organisation number must be 9 digits"));
        ImportRun first = engine.push(admission, "pushed", true, both);
        assertEquals(ImportRun.Status.PARTIAL, first.status(), first.message());
        assertEquals(List.of(new ImportRun.Rejection("record 3", "unit_org_number: organisation number must be 9 digits")), first.rejections());
        assertTrue(first.created() >= 2);
        assertThrows(AccessDeniedException.class, () -> engine.push(hr, "pushed", true, both), "another source's integration");
        assertThrows(AccessDeniedException.class, () -> engine.push(sysadmin, "pushed", true, both), "pushes are the integration's");
        assertThrows(no.ranselpost.core.api.InvalidRequestException.class, () -> engine.push(admission, "pushed", true, List.of("not a record")));

        // changes end nothing by their absence
        ImportRun changes = engine.push(admission, "pushed", false, List.of(both.get(0)));
        assertEquals(ImportRun.Status.SUCCEEDED, changes.status());
        assertEquals(0, changes.ended());
        // a snapshot without b would end half of what the source holds: held, then confirmed with exactly its input
        ImportRun held = engine.push(admission, "pushed", true, List.of(both.get(0), new ImportRun.Notice("record 1", "a notice")));
        assertEquals(ImportRun.Status.HELD, held.status(), held.message());
        assertEquals(List.of(new ImportRun.Rejection("record 1", "a notice")), held.notices());
        assertEquals(0, held.ended());
        ImportRun confirmed = engine.confirm(sysadmin, "pushed", held.id());
        assertEquals(1, confirmed.ended(), confirmed.message());
        assertEquals(List.of(held.id(), confirmed.id()), engine.runs(admission, "pushed", 10).stream().map(ImportRun::id)
                .filter(id -> id == held.id() || id == confirmed.id()).sorted().toList());
        assertThrows(AccessDeniedException.class, () -> engine.runs(hr, "pushed", 10), "the status of its own source only");
    }
}
