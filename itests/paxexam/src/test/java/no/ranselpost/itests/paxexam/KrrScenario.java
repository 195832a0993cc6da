package no.ranselpost.itests.paxexam;

import java.io.File;
import java.io.IOException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import no.ranselpost.core.api.NationalId;
import no.ranselpost.registry.krr.internal.FakeKrr;
import no.ranselpost.registry.maskinporten.internal.FakeMaskinporten;
import no.ranselpost.registry.maskinporten.internal.TestKeys;

/**
 * Runs in the Pax Exam driver JVM only: a Maskinporten fake that verifies each JWT grant with
 * the public key made here (the private key goes into Karaf's etc/ as a PEM file), and a KRR
 * fake that takes only the tokens that fake issued for KRR's scope. The kommune: 505 families
 * of a child and two guardians (1010 guardians, so that the look-ups need more than one batch
 * of 1000) and one more family for an import; among the guardians one reserved, one stale
 * (neither updated nor verified for more than 18 months), one SLETTET, one IKKE_REGISTRERT,
 * one KRR does not name, and one whose e-mail changes on the control "change". Anyone else
 * asked about (the demo's guardians) has an ordinary entry. Controls under /test/ of the KRR fake.
 */
final class KrrScenario {

    static final String KRR_SCOPE = "krr:global/kontaktinformasjon.read";
    static final String CLIENT_ID = "ranselpost-itest";
    static final String KEY_ID = "itest-key-1";
    static final int FAMILIES = 505;

    private static FakeMaskinporten maskinporten;
    private static FakeKrr krr;
    private static File pem;

    private KrrScenario() {
    }

    static String krrUrl() {
        return krr.baseUrl();
    }

    static String tokenEndpoint() {
        return maskinporten.tokenEndpoint();
    }

    static File keyFile() {
        return pem;
    }

    /** The n-th valid synthetic D-number born on this day (no demo or FREG scenario person is born in 1957 or 2004). */
    private static String id(LocalDate day, int base, int n) {
        int found = 0;
        for (int d = 0; ; d++) {
            for (int individual = base; individual < base + 500; individual++) {
                Optional<NationalId> id = NationalId.compose(day.plusDays(d), individual, NationalId.Kind.D_NUMBER, true);
                if (id.isPresent() && found++ == n) {
                    return id.get().value();
                }
            }
        }
    }

    static synchronized void start() throws IOException {
        if (krr != null) {
            return;
        }
        KeyPair pair = TestKeys.rsa();
        File dir = new File("target/krr-itest");
        dir.mkdirs();
        pem = TestKeys.pem(pair, dir.toPath().resolve("maskinporten-itest.pem")).toFile();
        maskinporten = new FakeMaskinporten((RSAPublicKey) pair.getPublic(), CLIENT_ID,
                Set.of(KRR_SCOPE, "folkeregister:deling/offentligmedhjemmel"));
        krr = new FakeKrr();
        krr.tokenValid(t -> maskinporten.valid(t, KRR_SCOPE));

        List<String> children = new ArrayList<>();
        List<String> guardians = new ArrayList<>();
        // ids in order: a few per day, so the generator stays quick
        List<String> adults = new ArrayList<>();
        for (int day = 0; adults.size() < 2 * FAMILIES + 2; day++) {
            for (int k = 0; k < 40; k++) {
                adults.add(id(LocalDate.of(1957, 1, 1).plusDays(day), 0, k));
            }
        }
        List<String> kids = new ArrayList<>();
        for (int day = 0; kids.size() < FAMILIES + 1; day++) {
            for (int k = 0; k < 40; k++) {
                kids.add(id(LocalDate.of(2004, 1, 1).plusDays(day), 500, k));
            }
        }
        for (int f = 0; f < FAMILIES; f++) {
            children.add(kids.get(f));
            guardians.add(adults.get(2 * f));
            guardians.add(adults.get(2 * f + 1));
        }
        String familyChild = kids.get(FAMILIES);
        String familyMor = adults.get(2 * FAMILIES);
        String familyFar = adults.get(2 * FAMILIES + 1);
        String reserved = guardians.get(0);
        String stale = guardians.get(1);
        String deleted = guardians.get(2);
        String notRegistered = guardians.get(3);
        String absent = guardians.get(4);
        String changing = guardians.get(5);
        krr.active(reserved, "reservert@example.no", "+4790000001", "2026-06-01T10:00:00+02:00", null, true);
        krr.active(stale, "gammel@example.no", "+4790000002", "2023-01-15T10:00:00+01:00", "2024-05-01T10:00:00+02:00", false);
        krr.withStatus(deleted, "SLETTET");
        krr.withStatus(notRegistered, "IKKE_REGISTRERT");
        krr.active(changing, "foer@example.no", "+4790000003", "2026-06-01T10:00:00+02:00", null, false);
        krr.fallback = id -> id.equals(absent) ? null
                : krr.entry(id, "k" + id.substring(5) + "@example.no", "+479" + id.substring(4, 11), "2026-09-01T10:00:00+02:00", null, false);

        krr.control("ids", () -> {
            ObjectNode ids = krr.json.createObjectNode();
            ArrayNode c = ids.putArray("children");
            children.forEach(c::add);
            ArrayNode g = ids.putArray("guardians");
            guardians.forEach(g::add);
            ids.put("reserved", reserved).put("stale", stale).put("deleted", deleted).put("notRegistered", notRegistered)
                    .put("absent", absent).put("changing", changing).put("familyChild", familyChild).put("familyMor", familyMor)
                    .put("familyFar", familyFar);
            return ids;
        });
        krr.control("change", () -> {
            krr.active(changing, "endret@example.no", "+4790000003", "2026-11-30T10:00:00+01:00", null, false);
            return krr.json.createObjectNode().put("changed", true);
        });
        krr.control("revoke", () -> {
            maskinporten.revokeAll();
            return krr.json.createObjectNode().put("revoked", true);
        });
        krr.control("counts", () -> {
            ObjectNode n = krr.json.createObjectNode();
            n.put("tokenRequests", maskinporten.tokenRequests.get());
            n.put("calls", krr.batchSizes.size());
            n.put("maxBatch", krr.maxBatch());
            n.put("unauthorized", krr.unauthorized.get());
            n.put("errors", krr.errors.size() + maskinporten.errors.size());
            return n;
        });
    }
}
