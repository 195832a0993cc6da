package no.ranselpost.itests.paxexam;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import no.ranselpost.registry.freg.internal.FakeFreg;
import no.ranselpost.registry.freg.internal.Population;

/**
 * Runs in the Pax Exam driver JVM only: the spec-validated FREG fake with a generated kommune
 * of three families and a stranger, and, on the control "advance", a feed with every event
 * type of FORMATS.md. The test inside Karaf reaches it over HTTP (controls under /test/).
 */
final class FregScenario {

    static final String CHILDREN = "children";
    static final String ADVANCE = "advance";
    static final String CHECK = "check";
    private static FakeFreg fake;

    private FregScenario() {
    }

    /** Starts the fake once; returns its base URL. */
    static synchronized String start() throws IOException {
        if (fake != null) {
            return fake.baseUrl();
        }
        fake = new FakeFreg();
        Population pop = new Population(fake);
        ObjectMapper json = new ObjectMapper();

        // family A: joint custody; a step-father's old responsibility is a history entry
        String a = pop.childId(LocalDate.of(2021, 3, 1));
        String aMor = pop.adultId(LocalDate.of(1986, 3, 1));
        String aFar = pop.adultId(LocalDate.of(1985, 3, 1));
        String stefar = pop.adultId(LocalDate.of(1980, 3, 1));
        pop.person(a, "Astrid", "Aas", "Apalvegen", "1");
        pop.person(aMor, "Anne", "Aas", "Apalvegen", "1");
        pop.person(aFar, "Arne", "Aas", "Apalvegen", "1");
        pop.person(stefar, "Atle", "Berg", "Bergvegen", "9");
        pop.parent(a, aMor, "mor");
        pop.parent(a, aFar, "far");
        pop.responsibility(a, "felles", aMor, true);
        pop.responsibility(a, "felles", aFar, true);
        pop.responsibility(a, "andre", stefar, false);

        // family B: strengt fortrolig, the mother alone
        String b = pop.childId(LocalDate.of(2020, 4, 2));
        String bMor = pop.adultId(LocalDate.of(1990, 4, 2));
        pop.person(b, "Bo", "Brun", "Skjult", "2");
        pop.person(bMor, "Berit", "Brun", "Skjult", "2");
        pop.strictlyConfidential(pop.doc(b));
        pop.strictlyConfidential(pop.doc(bMor));
        pop.parent(b, bMor, "mor");
        pop.responsibility(b, "mor", bMor, true);

        // family C: the mother, an ansvar ukjent entry and a verge
        String c = pop.childId(LocalDate.of(2019, 5, 3));
        String cMor = pop.adultId(LocalDate.of(1984, 5, 3));
        String ukjent = pop.adultId(LocalDate.of(1979, 5, 3));
        String verge = pop.adultId(LocalDate.of(1960, 5, 3));
        pop.person(c, "Cato", "Dahl", "Cedervegen", "3");
        pop.person(cMor, "Cecilie", "Dahl", "Cedervegen", "3");
        pop.person(ukjent, "Carl", "Eng", "Cedervegen", "5");
        pop.person(verge, "Cora", "Fjell", "Vergevegen", "7");
        pop.parent(c, cMor, "mor");
        pop.responsibility(c, "mor", cMor, true);
        pop.responsibility(c, "ukjent", ukjent, true);
        pop.verge(c, verge, true);

        // someone Ranselpost does not follow
        String stranger = pop.adultId(LocalDate.of(1970, 6, 4));
        pop.person(stranger, "Sven", "Sol", "Solvegen", "8");

        fake.control(CHILDREN, () -> {
            ArrayNode ids = json.createArrayNode();
            List.of(a, b, c).forEach(ids::add);
            return ids;
        });
        fake.control(ADVANCE, () -> {
            // every event type of FORMATS.md, and one about the stranger
            pop.endResponsibilities(a);
            pop.responsibility(a, "mor", aMor, true);
            fake.event("endringIForeldreansvar", a);
            fake.event("endringIFamilierelasjon", b);
            pop.strictlyConfidential(pop.doc(aMor));
            fake.event("endringIAdressebeskyttelse", aMor);
            pop.address(pop.doc(c), "Nyvegen", "22", "B");
            fake.event("endringIBostedsadresse", c);
            pop.sharedResidence(c);
            fake.event("endringIDeltBosted", c);
            pop.name(pop.doc(cMor), "Cecilie", "Dahl-Eng");
            fake.event("endringINavn", cMor);
            pop.die(ukjent);
            fake.event("endringIDoedsfall", ukjent);
            pop.status(pop.doc(c), "utflyttet");
            fake.event("endringIStatus", c);
            String fresh = pop.newId(cMor, LocalDate.of(1984, 5, 3));
            pop.renameInRelations(c, cMor, fresh);
            fake.event("endringIIdentifikasjonsnummer", cMor);
            pop.endVergemaal(c);
            fake.event("endringIVergemaal", c);
            fake.event("endringINavn", stranger);
            ObjectNode ids = json.createObjectNode();
            ids.put("aMor", aMor).put("aFar", aFar).put("cMorNew", fresh).put("cMorOld", cMor).put("stefar", stefar).put("ukjent", ukjent);
            return ids;
        });
        fake.control(CHECK, () -> {
            ObjectNode check = json.createObjectNode();
            check.put("strangerLookedUp", fake.lookedUp().contains(stranger));
            check.put("stefarLookedUp", fake.lookedUp().contains(stefar));
            ArrayNode errors = check.putArray("specErrors");
            fake.specErrors().forEach(errors::add);
            return check;
        });
        return fake.baseUrl();
    }
}
