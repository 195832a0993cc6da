package no.ranselpost.registry.freg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.AccountState;
import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.persistence.entity.GuardianAccountEntity;
import no.ranselpost.persistence.entity.GuardianshipEntity;
import no.ranselpost.persistence.entity.PersonEntity;
import no.ranselpost.persistence.entity.WardshipEntity;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;
import no.ranselpost.registry.imports.internal.ImportEngine;

/**
 * The FREG source against a fake FREG over real HTTP, applied by the real import engine on the
 * real persistence unit. Every body the fake sends is checked against the spec.
 */
class FregSourceTest {

    private static final LocalDate TODAY = new no.ranselpost.core.api.time.OsloClock().today();
    static final String KG = org(91000000);
    static final String OTHER = org(92000000);
    private static final AuthenticatedPrincipal SYSADMIN = new AuthenticatedPrincipal(1, no.ranselpost.core.api.identity.AccountKind.STAFF, "sys", "Sys", null,
            List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

    private final List<Fixture> fixtures = new ArrayList<>();

    static String org(int base) {
        for (int n = base;; n++) {
            String org = OrgNumber.withCheckDigit(Integer.toString(n));
            if (org != null) {
                return org;
            }
        }
    }

    /** The enrolment source of the tests: a full snapshot held in memory. */
    static final class Enrolments implements RegistrySource {
        final List<EnrolmentRecord> rows = new ArrayList<>();

        @Override
        public String sourceId() {
            return "enrolment";
        }

        @Override
        public boolean fullSnapshot() {
            return true;
        }

        @Override
        public void pull(ImportSink sink, StateView state) {
            rows.forEach(sink::enrolment);
        }
    }

    /** One database, one fake FREG, the engine and the FREG source, and a synthetic population. */
    final class Fixture {
        final AtomicReference<DataSource> dataSource = new AtomicReference<>();
        final TestDatabase db = new TestDatabase(ds -> {
            dataSource.set(ds);
            return ds;
        });
        final JpaSourceStateStore state = new JpaSourceStateStore(db.transactions());
        final ImportEngine engine;
        final FakeFreg fake;
        final Population pop;
        final Enrolments enrolments = new Enrolments();
        final FregSource freg;
        // the people
        final String c1, m1, f1, c2, m2, f2, c3, m3, u3, c4, a4, v4, c5, d5, f5, c6, p6, stranger;
        String a4new;

        Fixture(int batchSize) throws Exception {
            fixtures.add(this);
            JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
            engine = new ImportEngine(db.transactions(), audit, new RuleBasedAccessPolicy(db.transactions(), audit, new no.ranselpost.core.api.time.OsloClock()).declare(new no.ranselpost.core.internal.CoreAccessDeclaration(db.transactions(), new no.ranselpost.core.api.time.OsloClock()), new no.ranselpost.registry.imports.internal.ImportAccessDeclaration()), () -> true, state,
                    new JpaSourceRunHistory(db.transactions()), new no.ranselpost.core.api.time.OsloClock());
            fake = new FakeFreg();
            pop = new Population(fake);
            FregConfig config = new FregConfig(URI.create(fake.baseUrl()), List.of(KG), batchSize, 60_000, 3, 10, Duration.ofSeconds(20),
                    50L * 1024 * 1024);
            freg = new FregSource(db.transactions(), config, TokenSupplier.fixed(FakeFreg.TOKEN), new no.ranselpost.core.api.time.OsloClock());
            engine.bindSource(freg);
            engine.bindSource(enrolments);

            LocalDate kid = LocalDate.of(2019, 3, 14);
            LocalDate grown = LocalDate.of(1986, 6, 2);
            // c1: joint responsibility now; before that the mother alone (history)
            c1 = pop.childId(kid);
            m1 = pop.adultId(grown);
            f1 = pop.adultId(grown);
            pop.person(c1, "Ada", "Nordmann", "Skoleveien", "3");
            pop.person(m1, "Mona", "Nordmann", "Skoleveien", "3");
            pop.person(f1, "Frode", "Nordmann", "Fjellgata", "10");
            pop.parent(c1, m1, "mor");
            pop.parent(c1, f1, "far");
            pop.responsibility(c1, "mor", m1, false);
            pop.responsibility(c1, "felles", m1, true);
            pop.responsibility(c1, "felles", f1, true);
            // c2: strengt fortrolig, the mother alone; the father has no responsibility
            c2 = pop.childId(kid);
            m2 = pop.adultId(grown);
            f2 = pop.adultId(grown);
            pop.person(c2, "Bo", "Skjult", "Hemmeligveien", "1");
            pop.person(m2, "Mette", "Skjult", "Hemmeligveien", "1");
            pop.person(f2, "Finn", "Annen", "Andreveien", "5");
            pop.strictlyConfidential(pop.doc(c2));
            pop.strictlyConfidential(pop.doc(m2));
            pop.parent(c2, m2, "mor");
            pop.parent(c2, f2, "far");
            pop.responsibility(c2, "mor", m2, true);
            // c3: a holder with ansvar ukjent, and the mother
            c3 = pop.childId(kid);
            m3 = pop.adultId(grown);
            u3 = pop.adultId(grown);
            pop.person(c3, "Cato", "Ukjentsen", "Tunveien", "7");
            pop.person(m3, "Marit", "Ukjentsen", "Tunveien", "7");
            pop.person(u3, "Ulf", "Ukjentsen", "Tunveien", "9");
            pop.parent(c3, m3, "mor");
            pop.responsibility(c3, "mor", m3, true);
            pop.responsibility(c3, "ukjent", u3, true);
            // c4: a foster parent (andre), a holder without identifier, and a verge
            c4 = pop.childId(kid);
            a4 = pop.adultId(grown);
            v4 = pop.adultId(grown);
            pop.person(c4, "Dina", "Fosterdal", "Gardsveien", "12");
            pop.person(a4, "Anne", "Fosterdal", "Gardsveien", "12");
            pop.person(v4, "Vera", "Verge", "Byveien", "1");
            pop.responsibility(c4, "andre", a4, true);
            pop.responsibilityWithoutIdentifier(c4, "far");
            pop.verge(c4, v4, true);
            // c5: the mother is dead (doedsfall, a single object); the father holds responsibility
            c5 = pop.childId(kid);
            d5 = pop.adultId(grown);
            f5 = pop.adultId(grown);
            pop.person(c5, "Emil", "Sorg", "Minneveien", "4");
            pop.person(d5, "Dagny", "Sorg", "Minneveien", "4");
            pop.person(f5, "Frank", "Sorg", "Minneveien", "4");
            pop.parent(c5, d5, "mor");
            pop.parent(c5, f5, "far");
            pop.responsibility(c5, "felles", d5, true);
            pop.responsibility(c5, "felles", f5, true);
            pop.die(d5);
            // c6: enrolled in a unit that is not followed
            c6 = pop.childId(kid);
            p6 = pop.adultId(grown);
            pop.person(c6, "Fia", "Utenfor", "Langtveien", "2");
            pop.person(p6, "Per", "Utenfor", "Langtveien", "2");
            pop.parent(c6, p6, "far");
            pop.responsibility(c6, "far", p6, true);
            // nobody Ranselpost knows
            stranger = pop.adultId(grown);
            pop.person(stranger, "Sara", "Fremmed", "Bortiveien", "8");

            // events before the first run: the snapshot covers them
            fake.event("endringINavn", c1);
            fake.event("endringINavn", stranger);
            fake.event("endringIStatus", m1);

            for (String c : List.of(c1, c2, c3, c4, c5)) {
                enrolments.rows.add(new EnrolmentRecord("row", c, KG, UnitType.KINDERGARTEN, "Testbarnehagen", "AVD1", "Avdeling 1",
                        GroupType.DEPARTMENT, TODAY.minusMonths(2), null));
            }
            enrolments.rows.add(new EnrolmentRecord("row", c6, OTHER, UnitType.KINDERGARTEN, "Annen barnehage", "A", "A",
                    GroupType.DEPARTMENT, TODAY.minusMonths(2), null));
            assertEquals(ImportRun.Status.SUCCEEDED, engine.run(SYSADMIN, "enrolment").status());
        }

        ImportRun runFreg() {
            return engine.run(SYSADMIN, "freg");
        }

        String nextSeq() {
            return state.get("freg", FregSource.NEXT_SEQ).orElse(null);
        }

        /** Every change type of the feed, on followed children and on the adults linked to them, and noise. */
        void changeAndAnnounce() {
            // c1: the father's responsibility ends; the mother holds it alone
            pop.endResponsibilities(c1);
            pop.responsibility(c1, "mor", m1, true);
            fake.event("endringIForeldreansvar", c1);
            fake.event("endringIFamilierelasjon", c3);
            // the mother of c1 gets strengt fortrolig (an event about an adult)
            pop.strictlyConfidential(pop.doc(m1));
            fake.event("endringIAdressebeskyttelse", m1);
            pop.address(pop.doc(c1), "Nyveien", "22", "B");
            fake.event("endringIBostedsadresse", c1);
            pop.sharedResidence(c4);
            fake.event("endringIDeltBosted", c4);
            pop.name(pop.doc(f5), "Frank Olav", "Sorg");
            fake.event("endringINavn", f5);
            pop.die(m3);
            fake.event("endringIDoedsfall", m3);
            pop.status(pop.doc(c5), "utflyttet");
            fake.event("endringIStatus", c5);
            a4new = pop.newId(a4, LocalDate.of(1986, 6, 2));
            pop.renameInRelations(c4, a4, a4new);
            fake.event("endringIIdentifikasjonsnummer", a4);
            fake.event("endringIIdentifikasjonsnummer", a4new);
            pop.endVergemaal(c4);
            fake.event("endringIVergemaal", c4);
            // noise: people Ranselpost does not follow
            fake.event("endringINavn", stranger);
            fake.event("endringIBostedsadresse", p6);
            fake.event("endringIBostedsadresse", c6);
            fake.event("endringIDoedsfall", stranger);
            // a type not in the list, about a followed adult: treated the same way
            fake.event("endringISivilstand", f5);
        }

        PersonEntity person(String id) {
            return db.transactions().inTransaction(em -> em.createQuery("select p from PersonEntity p where p.nationalId = :id",
                    PersonEntity.class).setParameter("id", id).getResultList().stream().findFirst().orElse(null));
        }

        List<GuardianshipEntity> links(String child) {
            return db.transactions().inTransaction(em -> em.createQuery("select g from GuardianshipEntity g join fetch g.guardian "
                    + "where g.child.nationalId = :id order by g.id", GuardianshipEntity.class).setParameter("id", child).getResultList());
        }

        GuardianshipEntity link(String child, String guardian) {
            return links(child).stream().filter(g -> g.getGuardian().getNationalId().equals(guardian)).findFirst().orElse(null);
        }

        AccountState account(String id) {
            return db.transactions().inTransaction(em -> em.createQuery("select a from GuardianAccountEntity a where a.person.nationalId = :id",
                    GuardianAccountEntity.class).setParameter("id", id).getResultList().stream().findFirst()
                    .map(GuardianAccountEntity::getState).orElse(null));
        }

        List<WardshipEntity> wardships(String ward) {
            return db.transactions().inTransaction(em -> em.createQuery("select w from WardshipEntity w join fetch w.verge "
                    + "where w.ward.nationalId = :id order by w.id", WardshipEntity.class).setParameter("id", ward).getResultList());
        }

        /** The rows of the registry tables, ordered by id, ids replaced by the national id they point at, times left out. */
        List<String> dump() throws Exception {
            List<String> out = new ArrayList<>();
            try (Connection c = dataSource.get().getConnection(); Statement st = c.createStatement()) {
                Map<Long, String> nid = new HashMap<>();
                try (ResultSet rs = st.executeQuery("select ID, NATIONAL_ID from RP_PERSON")) {
                    while (rs.next()) {
                        nid.put(rs.getLong(1), rs.getString(2));
                    }
                }
                for (String table : List.of("RP_PERSON", "RP_GUARDIANSHIP", "RP_GUARDIAN_ACCOUNT", "RP_WARDSHIP")) {
                    try (ResultSet rs = st.executeQuery("select * from " + table + " order by ID")) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder(table);
                            for (int i = 1; i <= md.getColumnCount(); i++) {
                                String col = md.getColumnName(i);
                                int type = md.getColumnType(i);
                                if (col.equals("ID") || type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
                                    continue;
                                }
                                Object v = rs.getObject(i);
                                if (col.endsWith("_ID") && v instanceof Number n && !col.equals("SOURCE_ID")) {
                                    v = "person:" + nid.get(n.longValue());
                                }
                                row.append(' ').append(col).append('=').append(v);
                            }
                            out.add(row.toString());
                        }
                    }
                }
            }
            return out;
        }

        void close() {
            fake.close();
            db.close();
        }
    }

    @AfterEach
    void tearDown() {
        for (Fixture f : fixtures) {
            try {
                assertEquals(List.of(), f.fake.specErrors, "every body the fake sent matches the spec");
            } finally {
                f.close();
            }
        }
    }

    // ------------------------------------------------------------------ (a) snapshot

    @Test
    void aRefusedTokenIsDroppedAndTheCallMadeOnceMoreWithAFreshOne() throws Exception {
        try (FakeFreg fake = new FakeFreg()) {
            List<String> handed = new ArrayList<>();
            List<String> rejected = new ArrayList<>();
            TokenSupplier tokens = new TokenSupplier() {
                @Override
                public String token() {
                    String t = rejected.isEmpty() ? "expired" : FakeFreg.TOKEN;
                    handed.add(t);
                    return t;
                }

                @Override
                public void rejected(String token) {
                    rejected.add(token);
                }
            };
            FregClient client = new FregClient(new FregConfig(URI.create(fake.baseUrl()), List.of(), 10, 1000, 2, 1, Duration.ofSeconds(5),
                    1 << 20), tokens);
            assertEquals(fake.lastSequence(), client.latestSequence());
            assertEquals(List.of("expired"), rejected);
            assertEquals(List.of("expired", FakeFreg.TOKEN), handed);
            // a supplier that keeps failing: the call fails after the one refresh, not in a loop
            FregClient refused = new FregClient(new FregConfig(URI.create(fake.baseUrl()), List.of(), 10, 1000, 2, 1, Duration.ofSeconds(5),
                    1 << 20), TokenSupplier.fixed("wrong"));
            FregException e = org.junit.jupiter.api.Assertions.assertThrows(FregException.class, refused::latestSequence);
            assertEquals("latest sequence: HTTP 401", e.getMessage());
        }
    }

    @Test
    void snapshotImportsTheFollowedChildrenWithTheEngineRules() throws Exception {
        Fixture f = new Fixture(1000);
        ImportRun run = f.runFreg();
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), run.message());
        assertEquals(0, run.rejected(), () -> run.rejections().toString());
        // the position was read before the snapshot: next-to-read is the newest + 1
        assertEquals(Long.toString(f.fake.lastSequence() + 1), f.nextSeq());
        List<String> order = f.fake.calls.stream().map(FakeFreg.Call::path).toList();
        assertEquals("/v1/hendelser/siste/sekvensnummer", order.get(0));
        assertTrue(order.contains("/v1/personer/bulkoppslag"));

        PersonEntity c1 = f.person(f.c1);
        assertEquals("Ada", c1.getGivenName());
        assertEquals("Nordmann", c1.getFamilyName());
        assertEquals(LocalDate.of(2019, 3, 14), c1.getBirthDate());
        assertEquals("Skoleveien 3", c1.getStreetAddress());
        assertEquals("5003", c1.getPostalCode());
        assertEquals("Ranselvik", c1.getPostalPlace());
        // only the current entries make guardians (the mother's earlier sole responsibility is history)
        List<GuardianshipEntity> l1 = f.links(f.c1);
        assertEquals(2, l1.size());
        assertEquals(ParentalResponsibility.FELLES, f.link(f.c1, f.m1).getResponsibility());
        assertEquals(GuardianRelation.MOR, f.link(f.c1, f.m1).getRelation());
        assertEquals(GuardianRelation.FAR, f.link(f.c1, f.f1).getRelation());
        assertEquals(AccountState.INACTIVE, f.account(f.m1));
        assertEquals(AccountState.INACTIVE, f.account(f.f1));

        // strengt fortrolig: no address for the child nor the mother; a parent without responsibility is not stored
        PersonEntity c2 = f.person(f.c2);
        assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, c2.getAddressProtection());
        assertNull(c2.getStreetAddress());
        assertNull(c2.getPostalCode());
        assertNull(f.person(f.m2).getStreetAddress());
        assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, f.person(f.m2).getAddressProtection());
        assertEquals(1, f.links(f.c2).size());
        assertNull(f.person(f.f2));

        // ansvar ukjent: linked as the registry says, but no account
        assertEquals(ParentalResponsibility.UKJENT, f.link(f.c3, f.u3).getResponsibility());
        assertNull(f.account(f.u3));
        assertEquals(AccountState.INACTIVE, f.account(f.m3));

        // andre: relation OTHER; the entry without identifier makes no link; the verge is recorded without access
        assertEquals(1, f.links(f.c4).size());
        assertEquals(ParentalResponsibility.ANDRE, f.link(f.c4, f.a4).getResponsibility());
        assertEquals(GuardianRelation.OTHER, f.link(f.c4, f.a4).getRelation());
        assertEquals(1, f.wardships(f.c4).size());
        assertTrue(f.wardships(f.c4).get(0).isCurrent());
        assertNull(f.account(f.v4));

        // the dead mother: stored as deceased, no link, no account; the father is a guardian
        assertTrue(f.person(f.d5).isDeceased());
        assertNull(f.link(f.c5, f.d5));
        assertNull(f.account(f.d5));
        assertNotNull(f.link(f.c5, f.f5));

        // not followed: never asked about, nothing stored beyond the enrolment
        for (String id : List.of(f.c6, f.p6, f.stranger)) {
            assertFalse(f.fake.lookedUp.contains(id), "not followed, never looked up");
        }
        assertNull(f.person(f.c6).getGivenName());
        assertNull(f.person(f.p6));
        assertNull(f.person(f.stranger));

        // a second run with an empty feed changes nothing
        ImportRun again = f.runFreg();
        assertEquals(ImportRun.Status.SUCCEEDED, again.status());
        assertEquals(0, again.created() + again.updated() + again.ended());
    }

    // ------------------------------------------------------------------ (b) feed

    @Test
    void feedEventsReimportTheFollowedChildrenAndNobodyElseIsFetched() throws Exception {
        Fixture f = new Fixture(1000);
        assertEquals(ImportRun.Status.SUCCEEDED, f.runFreg().status());
        long personRowOfA4 = f.person(f.a4).getId();
        f.fake.pageSize = 4; // several pages: the position moves page by page
        f.changeAndAnnounce();
        int lookedUpBefore = f.fake.lookedUp.size();

        ImportRun run = f.runFreg();
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), run.message());
        assertEquals(0, run.rejected(), () -> run.rejections().toString());
        assertEquals(Long.toString(f.fake.lastSequence() + 1), f.nextSeq());

        // endringIForeldreansvar: the father's link ends, the mother holds it alone
        GuardianshipEntity father = f.link(f.c1, f.f1);
        assertFalse(father.isCurrent());
        assertEquals("responsibility-ended", father.getEndReason());
        assertEquals(ParentalResponsibility.MOR, f.link(f.c1, f.m1).getResponsibility());
        assertTrue(f.link(f.c1, f.m1).isCurrent());
        // endringIAdressebeskyttelse on an adult: her address is gone
        assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, f.person(f.m1).getAddressProtection());
        assertNull(f.person(f.m1).getStreetAddress());
        // endringIBostedsadresse
        assertEquals("Nyveien 22B", f.person(f.c1).getStreetAddress());
        // endringINavn on an adult
        assertEquals("Frank Olav", f.person(f.f5).getGivenName());
        // endringIDoedsfall: the link ends for death
        assertTrue(f.person(f.m3).isDeceased());
        assertFalse(f.link(f.c3, f.m3).isCurrent());
        assertEquals("death", f.link(f.c3, f.m3).getEndReason());
        // endringIStatus
        assertEquals("EMIGRATED", f.person(f.c5).getRegistryStatus());
        // endringIIdentifikasjonsnummer: the same person row carries the new number, still a guardian
        assertNull(f.person(f.a4));
        assertEquals(personRowOfA4, f.person(f.a4new).getId());
        assertTrue(f.link(f.c4, f.a4new).isCurrent());
        // endringIVergemaal: the wardship ends
        assertFalse(f.wardships(f.c4).get(0).isCurrent());
        // the rules still hold: ukjent has no account, no address under strengt fortrolig, the dead mother no link
        assertNull(f.account(f.u3));
        assertNull(f.person(f.c2).getStreetAddress());
        assertNull(f.link(f.c5, f.d5));

        // events about people Ranselpost does not follow were dropped before any fetch
        List<String> asked = f.fake.lookedUp.subList(lookedUpBefore, f.fake.lookedUp.size());
        for (String id : List.of(f.c6, f.p6, f.stranger)) {
            assertFalse(asked.contains(id), "never looked up");
        }
        assertFalse(f.fake.lookedUp.contains(f.stranger));
        // each page's ids were looked up once (de-duplicated per call)
        assertTrue(asked.contains(f.c4) && asked.contains(f.a4new));
    }

    @Test
    void aProtectionEventWhoseHolderCannotBeFetchedNeverPassesTheChildAndHidesTheAddressesUntilItApplies() throws Exception {
        Fixture f = new Fixture(1000);
        assertEquals(ImportRun.Status.SUCCEEDED, f.runFreg().status());
        assertEquals("Skoleveien 3", f.person(f.c1).getStreetAddress());
        assertEquals("Skoleveien 3", f.person(f.m1).getStreetAddress());

        // the mother gets fortrolig address, and FREG cannot give the father's document this time
        pop(f).strictlyConfidential(pop(f).doc(f.m1));
        f.fake.event("endringIAdressebeskyttelse", f.m1);
        ObjectNode father = f.fake.people.remove(f.f1);
        ImportRun failing = f.runFreg();
        assertEquals(ImportRun.Status.FAILED, failing.status(), "the only child concerned was not applied: " + failing.message());
        assertTrue(failing.rejections().toString().contains("kept for retry"), failing.rejections().toString());
        // the position moved past the event only together with the child on the retry list
        assertEquals(Long.toString(f.fake.lastSequence() + 1), f.nextSeq());
        String retry = f.state.get("freg", FregSource.RETRY + ".0").orElse("");
        assertEquals(Long.toString(f.person(f.c1).getId()), retry, "the child, by internal id, never a national id");
        // fail closed meanwhile: no address of the child or its guardians, all treated as protected
        for (String id : List.of(f.c1, f.m1, f.f1)) {
            PersonEntity p = f.person(id);
            assertNull(p.getStreetAddress(), "no address kept while the protection is pending");
            assertTrue(p.isTreatedAsProtected());
        }

        // a later run retries the child first and applies it: the protection is the register's now
        f.fake.people.put(f.f1, father);
        ImportRun later = f.runFreg();
        assertEquals(ImportRun.Status.SUCCEEDED, later.status(), later.message());
        assertEquals(AddressProtection.STRICTLY_CONFIDENTIAL, f.person(f.m1).getAddressProtection());
        assertNull(f.person(f.m1).getStreetAddress());
        assertFalse(f.person(f.c1).isProtectionPending());
        assertEquals("Skoleveien 3", f.person(f.c1).getStreetAddress(), "the child's own address comes back from the register");
        assertTrue(f.state.get("freg", FregSource.RETRY + ".0").isEmpty(), "nothing left to retry");
    }

    private static Population pop(Fixture f) {
        return f.pop;
    }

    // ------------------------------------------------------------------ (c) 429

    @Test
    void retryAfterIsHonouredAsMilliseconds() throws Exception {
        Fixture f = new Fixture(1000);
        f.fake.rateLimitOnce("/v1/hendelser/siste/sekvensnummer", "1500");
        ImportRun run = f.runFreg();
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), run.message());
        List<FakeFreg.Call> calls = f.fake.calls.stream().filter(c -> c.path().equals("/v1/hendelser/siste/sekvensnummer")).toList();
        assertEquals(429, calls.get(0).status());
        assertEquals(200, calls.get(1).status());
        long waitedMillis = (calls.get(1).nanos() - calls.get(0).nanos()) / 1_000_000;
        assertTrue(waitedMillis >= 1500, "waited " + waitedMillis + " ms");
        assertTrue(waitedMillis <= 10_000, "waited " + waitedMillis + " ms");
        assertEquals(Long.toString(f.fake.lastSequence() + 1), f.nextSeq());
    }

    // ------------------------------------------------------------------ (d) failure and resume

    @Test
    void aFailureInAPageLeavesThePositionAndTheResumedRunEndsWhereAnUninterruptedOneDoes() throws Exception {
        List<String> interrupted = scenario(true);
        List<String> uninterrupted = scenario(false);
        assertFalse(uninterrupted.isEmpty());
        assertEquals(uninterrupted, interrupted);
    }

    private List<String> scenario(boolean interrupt) throws Exception {
        Fixture f = new Fixture(2); // small batches: a page takes several bulk calls
        assertEquals(ImportRun.Status.SUCCEEDED, f.runFreg().status());
        f.changeAndAnnounce();
        if (interrupt) {
            String before = f.nextSeq();
            int start = f.fake.bulkCalls.get();
            // the second bulk call of the run and every one after it fail until the attempts are used up
            f.fake.failBulk = n -> n >= start + 2;
            ImportRun failed = f.runFreg();
            assertEquals(ImportRun.Status.FAILED, failed.status());
            assertEquals(before, f.nextSeq(), "the position stays where it was");
            assertTrue(f.fake.bulkCalls.get() - start >= 1 + 3, "the failing call was tried maxAttempts times");
            f.fake.failBulk = n -> false;
        }
        ImportRun run = f.runFreg();
        assertEquals(ImportRun.Status.SUCCEEDED, run.status(), run.message());
        assertEquals(0, run.rejected(), () -> run.rejections().toString());
        assertEquals(Long.toString(f.fake.lastSequence() + 1), f.nextSeq());
        return f.dump();
    }

    // ------------------------------------------------------------------ a burst, and the same burst again (issue 14)

    private long audits(Fixture f) throws Exception {
        try (Connection c = f.dataSource.get().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from RP_AUDIT_RECORD where OBJECT_TYPE <> 'source-run'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aReplayedBurstChangesNothingAndThePositionNeverPassesWhatWasNotApplied() throws Exception {
        Fixture f = new Fixture(2); // small look-ups and pages: a burst takes many of each
        f.fake.pageSize = 5;
        assertEquals(ImportRun.Status.SUCCEEDED, f.runFreg().status());
        long first = Long.parseLong(f.nextSeq());
        // the burst: changes about followed children and their holders, and ten times as many events about strangers
        f.pop.address(f.pop.doc(f.c1), "Nyveien", "22", "B");
        f.fake.event("endringIBostedsadresse", f.c1);
        f.pop.name(f.pop.doc(f.f5), "Frank Olav", "Sorg");
        f.fake.event("endringINavn", f.f5);
        f.pop.endResponsibilities(f.c3);
        f.pop.responsibility(f.c3, "mor", f.m3, true);
        f.fake.event("endringIForeldreansvar", f.c3);
        for (int i = 0; i < 30; i++) {
            f.fake.event(i % 2 == 0 ? "endringINavn" : "flytting", i % 3 == 0 ? f.stranger : i % 3 == 1 ? f.p6 : f.c6);
        }
        f.fake.event("endringIStatus", f.m1);
        long last = f.fake.lastSequence();

        int before = f.fake.bulkCalls.get();
        ImportRun burst = f.runFreg();
        int calls = f.fake.bulkCalls.get() - before;
        assertEquals(ImportRun.Status.SUCCEEDED, burst.status(), burst.message());
        assertTrue(burst.updated() + burst.ended() > 0, burst::toString);
        assertEquals(Long.toString(last + 1), f.nextSeq());
        List<String> after = f.dump();
        long audited = audits(f);

        // the same burst again; the look-ups of its last page (the event about m1 re-imports c1: the child, then its holders) fail for good
        f.state.put("freg", FregSource.NEXT_SEQ, Long.toString(first));
        int start = f.fake.bulkCalls.get();
        f.fake.failBulk = n -> n > start + calls - 2;
        ImportRun broken = f.runFreg();
        assertEquals(ImportRun.Status.FAILED, broken.status());
        long position = Long.parseLong(f.nextSeq());
        assertTrue(position > first && position <= last, "the position passed the pages applied and stays before the one that was not: "
                + position + " in " + first + ".." + last);
        assertEquals(0, (position - first) % 5, "the position moves a whole page at a time");
        f.fake.failBulk = n -> false;

        // resumed from there, it ends where the first one did and changes nothing: no row, no audit record
        ImportRun replay = f.runFreg();
        assertEquals(ImportRun.Status.SUCCEEDED, replay.status(), replay.message());
        assertEquals(0, replay.created() + replay.updated() + replay.ended() + replay.rejected(), replay::toString);
        assertEquals(Long.toString(last + 1), f.nextSeq());
        assertEquals(after, f.dump());
        assertEquals(audited, audits(f));

        // and the whole burst once more, unbroken: the same
        f.state.put("freg", FregSource.NEXT_SEQ, Long.toString(first));
        ImportRun again = f.runFreg();
        assertEquals(0, again.created() + again.updated() + again.ended() + again.rejected(), again::toString);
        assertTrue(again.unchanged() > 0, again::toString);
        assertEquals(after, f.dump());
        assertEquals(audited, audits(f));
    }

    // ------------------------------------------------------------------ newcomers

    @Test
    void aChildEnrolledAfterTheSnapshotIsDescribedOnTheNextRun() throws Exception {
        Fixture f = new Fixture(1000);
        assertEquals(ImportRun.Status.SUCCEEDED, f.runFreg().status());
        String late = f.pop.childId(LocalDate.of(2020, 1, 5));
        f.pop.person(late, "Nora", "Nykomling", "Nyveien", "1");
        f.pop.parent(late, f.m1, "mor");
        f.pop.responsibility(late, "mor", f.m1, true);
        f.enrolments.rows.add(new EnrolmentRecord("row", late, KG, UnitType.KINDERGARTEN, "Testbarnehagen", "AVD1", "Avdeling 1",
                GroupType.DEPARTMENT, TODAY.minusDays(1), null));
        assertEquals(ImportRun.Status.SUCCEEDED, f.engine.run(SYSADMIN, "enrolment").status());
        assertNull(f.person(late).getGivenName());
        assertEquals(ImportRun.Status.SUCCEEDED, f.runFreg().status());
        assertEquals("Nora", f.person(late).getGivenName());
        assertTrue(f.link(late, f.m1).isCurrent());
        assertEquals(Set.of(), Set.copyOf(f.fake.specErrors));
    }
}
