package no.ranselpost.registry.imports.internal;

import static no.ranselpost.registry.imports.internal.Scenario.adult;
import static no.ranselpost.registry.imports.internal.Scenario.adultId;
import static no.ranselpost.registry.imports.internal.Scenario.child;
import static no.ranselpost.registry.imports.internal.Scenario.childId;
import static no.ranselpost.registry.imports.internal.Scenario.holder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.core.internal.CoreAccessDeclaration;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.RegistrySource;

/**
 * Many records to a transaction (issue 14) changes no outcome: the same rows, the same audit
 * records, the same rejections as one transaction per record, with rejected records in the
 * middle of a batch (rolled back to them, the others applied without them), a child named twice
 * in one batch, and a second run that changes nothing.
 */
class BatchedApplyTest {

    private static final OsloClock CLOCK = new OsloClock();
    private static final LocalDate TODAY = CLOCK.today();
    private static final AuthenticatedPrincipal SYSADMIN = new AuthenticatedPrincipal(1, AccountKind.STAFF, "sys", "Sys", null,
            List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);

    /** Hands its children in one call (as the FREG source does per bulk look-up) and its enrolment rows one by one. */
    static final class Batches implements RegistrySource {
        final String id;
        final List<ChildRecord> children = new ArrayList<>();
        final List<EnrolmentRecord> rows = new ArrayList<>();
        final List<Boolean> applied = new ArrayList<>();

        Batches(String id) {
            this.id = id;
        }

        @Override
        public String sourceId() {
            return id;
        }

        @Override
        public boolean fullSnapshot() {
            return !rows.isEmpty();
        }

        @Override
        public void pull(ImportSink sink, StateView state) {
            applied.clear();
            if (!children.isEmpty()) {
                applied.addAll(sink.children(children));
            }
            rows.forEach(sink::enrolment);
        }
    }

    /** One database and engine applying {@code perTransaction} records to a transaction. */
    static final class Fixture implements AutoCloseable {
        final TestDatabase db = new TestDatabase();
        final ImportEngine engine;
        final Batches freg = new Batches("freg");
        final Batches admission = new Batches("enrolment");

        Fixture(int perTransaction) {
            JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
            RuleBasedAccessPolicy access = new RuleBasedAccessPolicy(db.transactions(), audit, CLOCK)
                    .declare(new CoreAccessDeclaration(db.transactions(), CLOCK), new ImportAccessDeclaration());
            engine = new ImportEngine(db.transactions(), audit, access, () -> true, new JpaSourceStateStore(db.transactions()),
                    new JpaSourceRunHistory(db.transactions()), CLOCK);
            engine.setRecordsPerTransaction(perTransaction);
            engine.bindSource(freg);
            engine.bindSource(admission);
        }

        ImportRun run(Batches source) {
            return engine.run(SYSADMIN, source.sourceId());
        }

        /** The rows of the tables an import writes, ids replaced by national ids or left out, times left out; and the audit trail's counts. */
        List<String> dump() throws Exception {
            List<String> out = new ArrayList<>();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                Map<Long, String> nid = new HashMap<>();
                try (ResultSet rs = st.executeQuery("select ID, NATIONAL_ID from RP_PERSON")) {
                    while (rs.next()) {
                        nid.put(rs.getLong(1), rs.getString(2));
                    }
                }
                for (String table : List.of("RP_PERSON", "RP_GUARDIANSHIP", "RP_GUARDIAN_ACCOUNT", "RP_UNIT", "RP_UNIT_GROUP", "RP_ENROLMENT")) {
                    List<String> rows = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery("select * from " + table)) {
                        ResultSetMetaData md = rs.getMetaData();
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder(table);
                            for (int i = 1; i <= md.getColumnCount(); i++) {
                                String col = md.getColumnName(i);
                                int type = md.getColumnType(i);
                                if (col.equals("ID") || col.equals("SOURCE_KEY") || col.equals("UNIT_ID") || col.equals("GROUP_ID")
                                        || type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
                                    continue;
                                }
                                Object v = rs.getObject(i);
                                if (col.endsWith("_ID") && v instanceof Number n && !col.equals("SOURCE_ID")) {
                                    v = "person:" + nid.get(n.longValue());
                                }
                                row.append(' ').append(col).append('=').append(v);
                            }
                            rows.add(row.toString());
                        }
                    }
                    rows.sort(null);
                    out.addAll(rows);
                }
                try (ResultSet rs = st.executeQuery("select OBJECT_TYPE, REASON, OUTCOME, count(*) from RP_AUDIT_RECORD "
                        + "where OBJECT_TYPE <> 'source-run' group by OBJECT_TYPE, REASON, OUTCOME order by OBJECT_TYPE, REASON, OUTCOME")) {
                    while (rs.next()) {
                        out.add("audit " + rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " x" + rs.getLong(4));
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /** Ten children (two holders each, two siblings sharing their parents), the 4th and 8th rejected; then enrolment rows. */
    private static void describe(Fixture f, Fixture... others) {
        LocalDate kid = LocalDate.of(2018, 5, 1);
        LocalDate grown = LocalDate.of(1985, 3, 3);
        List<String> children = new ArrayList<>();
        PersonRecord sharedMother = adult(adultId(grown, NationalId.Kind.FODSELSNUMMER), "Delt");
        PersonRecord sharedFather = adult(adultId(grown, NationalId.Kind.FODSELSNUMMER), "Delt");
        for (int i = 0; i < 10; i++) {
            String id = childId(kid);
            children.add(id);
            PersonRecord c = child(id, "Barn" + i);
            PersonRecord m = i < 2 ? sharedMother : adult(adultId(grown, NationalId.Kind.FODSELSNUMMER), "Mor" + i);
            PersonRecord d = i < 2 ? sharedFather : adult(adultId(grown, NationalId.Kind.FODSELSNUMMER), "Far" + i);
            List<PersonRecord> adults = i == 3 ? List.of(m) : List.of(m, d); // the 4th names a holder it does not describe
            // the 8th gives a holder without a relation
            f.freg.children.add(new ChildRecord("child " + i, c, List.of(holder(m, ParentalResponsibility.FELLES, GuardianRelation.MOR),
                    i == 7 ? new no.ranselpost.registry.api.ResponsibilityRecord(d.nationalId(), ParentalResponsibility.FELLES, null, true,
                            LocalDate.of(2020, 1, 1)) : holder(d, ParentalResponsibility.FELLES, GuardianRelation.FAR)), adults, List.of()));
        }
        String org = Scenario.org(93000000);
        for (int i = 0; i < 10; i++) {
            // the 6th row names a unit nobody knows without a name to create it with: rejected after the rows before it wrote
            String unitName = i == 5 ? null : "Batch skole";
            String unitOrg = i == 5 ? Scenario.org(94000000) : org;
            f.admission.rows.add(new EnrolmentRecord("row " + i, children.get(i), unitOrg, UnitType.SCHOOL, unitName, "1A", "1A",
                    GroupType.CLASS, TODAY.minusDays(10), null));
            // the same child in a second group of the same unit, in the same batch
            f.admission.rows.add(new EnrolmentRecord("row " + i + "b", children.get(i), org, UnitType.SCHOOL, "Batch skole", "SFO", "SFO",
                    GroupType.DEPARTMENT, TODAY.minusDays(10), null));
        }
        for (Fixture o : others) {
            o.freg.children.addAll(f.freg.children);
            o.admission.rows.addAll(f.admission.rows);
        }
    }

    @Test
    void manyRecordsToATransactionGiveWhatOneToATransactionGives() throws Exception {
        try (Fixture one = new Fixture(1); Fixture four = new Fixture(4)) {
            List<List<String>> dumps = new ArrayList<>();
            List<String> outcomes = new ArrayList<>();
            describe(one, four);
            for (Fixture f : List.of(one, four)) {
                ImportRun children = f.run(f.freg);
                ImportRun rows = f.run(f.admission);
                outcomes.add(children.created() + "/" + children.updated() + "/" + children.rejected() + " " + children.rejections()
                        + " " + f.freg.applied + " | " + rows.created() + "/" + rows.updated() + "/" + rows.rejected() + " "
                        + rows.rejections());
                dumps.add(f.dump());
            }
            assertEquals(outcomes.get(0), outcomes.get(1));
            assertEquals(dumps.get(0), dumps.get(1));
            assertEquals(List.of(true, true, true, false, true, true, true, false, true, true), four.freg.applied,
                    "the 4th and 8th are rejected alone");
            assertTrue(dumps.get(0).stream().anyMatch(l -> l.startsWith("audit guardianship created CHANGED x16")), dumps.get(0).toString());

            // a second run of each changes nothing: no row, no audit record
            for (Fixture f : List.of(one, four)) {
                List<String> before = f.dump();
                ImportRun again = f.run(f.freg);
                ImportRun rowsAgain = f.run(f.admission);
                assertEquals(0, again.created() + again.updated() + again.ended(), again.toString());
                assertEquals(0, rowsAgain.created() + rowsAgain.updated() + rowsAgain.ended(), rowsAgain.toString());
                assertEquals(before, f.dump());
            }
            assertFalse(dumps.get(0).isEmpty());
        }
    }
}
