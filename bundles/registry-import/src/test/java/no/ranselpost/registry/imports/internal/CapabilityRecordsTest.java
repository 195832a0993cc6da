package no.ranselpost.registry.imports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import no.ranselpost.access.internal.RuleBasedAccessPolicy;
import no.ranselpost.audit.internal.JpaAuditTrail;
import no.ranselpost.core.api.Role;
import no.ranselpost.core.api.identity.AccountKind;
import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.core.api.identity.RoleGrant;
import no.ranselpost.core.api.time.OsloClock;
import no.ranselpost.core.internal.CoreAccessDeclaration;
import no.ranselpost.persistence.internal.JpaSourceRunHistory;
import no.ranselpost.persistence.internal.JpaSourceStateStore;
import no.ranselpost.persistence.testing.TestDatabase;
import no.ranselpost.registry.api.CapabilityRecord;
import no.ranselpost.registry.api.CapabilityRecordHandler;
import no.ranselpost.registry.api.ImportRun;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;

/**
 * The extension point for record types a capability brings: a capability the engine has never
 * heard of (here a handler of "test.note" records held in memory) gets its records applied with
 * the engine's rules (rejections with their key, what disappears ended after a whole snapshot,
 * the mass-deletion hold, nothing ended while a record is rejected), and a type no handler
 * declares is rejected.
 */
class CapabilityRecordsTest {

    private static final OsloClock CLOCK = new OsloClock();
    private final AuthenticatedPrincipal sysadmin = new AuthenticatedPrincipal(1, AccountKind.STAFF, "sys", "Sys", null,
            List.of(RoleGrant.kommuneWide(Role.SYSTEM_ADMIN)), 1, AuthenticatedPrincipal.Assurance.PASSWORD_AND_TOTP);
    private TestDatabase db;
    private ImportEngine engine;
    private final Notes notes = new Notes();
    private final List<CapabilityRecord> snapshot = new ArrayList<>();

    /** A capability's handler: notes by key, per source; a note with text "bad" is rejected. */
    static final class Notes implements CapabilityRecordHandler {
        final Map<String, String> held = new TreeMap<>();

        @Override
        public List<String> recordTypes() {
            return List.of("test.note");
        }

        @Override
        public Applied apply(Run run, CapabilityRecord record) throws Rejected {
            if ("bad".equals(record.field("text"))) {
                throw new Rejected("text: not a note");
            }
            String before = held.put(record.field("id"), record.field("text"));
            return new Applied(before == null ? Applied.Outcome.CREATED : before.equals(record.field("text")) ? Applied.Outcome.UNCHANGED
                    : Applied.Outcome.UPDATED, record.field("id"));
        }

        @Override
        public List<String> gone(Run run, String type, Set<String> seen) {
            return held.keySet().stream().filter(k -> !seen.contains(k)).toList();
        }

        @Override
        public long current(Run run, String type) {
            return held.size();
        }

        @Override
        public void end(Run run, String type, String identity) {
            held.remove(identity);
        }
    }

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        JpaAuditTrail audit = new JpaAuditTrail(db.transactions());
        RuleBasedAccessPolicy access = new RuleBasedAccessPolicy(db.transactions(), audit, CLOCK);
        access.addDeclaration(new CoreAccessDeclaration(db.transactions(), CLOCK));
        access.addDeclaration(new ImportAccessDeclaration());
        engine = new ImportEngine(db.transactions(), audit, access, () -> true, new JpaSourceStateStore(db.transactions()),
                new JpaSourceRunHistory(db.transactions()), CLOCK);
        engine.bindSource(new RegistrySource() {
            @Override
            public String sourceId() {
                return "notes";
            }

            @Override
            public boolean fullSnapshot() {
                return true;
            }

            @Override
            public void pull(ImportSink sink, StateView state) {
                snapshot.forEach(sink::record);
            }
        });
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static CapabilityRecord note(String type, int id, String text) {
        return new CapabilityRecord(type, "line " + id, Map.of("id", "n" + id, "text", text));
    }

    private ImportRun run() {
        return engine.run(sysadmin, "notes");
    }

    @Test
    void aCapabilitysRecordsFollowTheEnginesRulesAndATypeNoCapabilityHandlesIsRejected() {
        // before the capability comes: its records are rejected with their key, nothing applied
        snapshot.add(note("test.note", 0, "hei"));
        ImportRun none = run();
        assertEquals(ImportRun.Status.FAILED, none.status());
        assertTrue(none.rejections().get(0).reason().contains("no installed capability handles it"), none.rejections().toString());
        snapshot.clear();
        engine.bindHandler(notes);
        for (int i = 1; i <= 20; i++) {
            snapshot.add(note("test.note", i, "tekst " + i));
        }
        snapshot.add(note("test.note", 21, "bad"));
        snapshot.add(note("test.other", 22, "x"));
        ImportRun first = run();
        assertEquals(ImportRun.Status.PARTIAL, first.status());
        assertEquals(20, first.created());
        assertEquals(Set.of("line 21", "line 22"), Set.copyOf(first.rejections().stream().map(ImportRun.Rejection::key).toList()));
        // one of twenty disappears, with a rejected row still in the file: nothing ends
        snapshot.remove(0);
        assertEquals(0, run().ended());
        assertEquals(20, notes.held.size());
        // the file whole again: the disappeared note ends
        snapshot.removeIf(r -> !r.type().equals("test.note") || "bad".equals(r.field("text")));
        ImportRun whole = run();
        assertEquals(ImportRun.Status.SUCCEEDED, whole.status(), whole.message());
        assertEquals(1, whole.ended());
        assertEquals(19, notes.held.size());
        // most of them gone: held until a SYSTEM_ADMIN confirms, then exactly that input applies
        List<CapabilityRecord> kept = List.copyOf(snapshot.subList(0, 2));
        snapshot.clear();
        snapshot.addAll(kept);
        ImportRun held = run();
        assertEquals(ImportRun.Status.HELD, held.status());
        assertTrue(held.message().contains("17 of 19 test.note"), held.message());
        assertEquals(19, notes.held.size());
        snapshot.clear(); // what the source has now does not matter: the held run's input is applied
        ImportRun confirmed = engine.confirm(sysadmin, "notes", held.id());
        assertEquals(17, confirmed.ended());
        assertEquals(Set.of("n2", "n3"), notes.held.keySet());
    }
}
