package no.ranselpost.registry.freg.internal;

import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import no.ranselpost.core.api.NationalId;

/** Builds synthetic Folkeregisterperson documents (with history entries) into a {@link FakeFreg}. Deterministic per instance. */
public final class Population {

    private final FakeFreg fake;
    private int childIndividual = 500;
    private int adultIndividual = 100;
    private int stamp;

    public Population(FakeFreg fake) {
        this.fake = fake;
    }

    public String childId(LocalDate birth) {
        return id(birth, true);
    }

    public String adultId(LocalDate birth) {
        return id(birth, false);
    }

    private String id(LocalDate birth, boolean child) {
        while (true) {
            var id = NationalId.compose(birth, child ? childIndividual++ : adultIndividual++, NationalId.Kind.FODSELSNUMMER, true);
            if (id.isPresent()) {
                return id.get().value();
            }
        }
    }

    public ObjectNode doc(String id) {
        return fake.people.get(id);
    }

    private String time() {
        stamp++;
        return String.format("2020-01-%02dT10:00:00+01:00", Math.min(28, stamp));
    }

    private ObjectNode entry(ArrayNode list, boolean current) {
        ObjectNode e = list.addObject();
        e.put("erGjeldende", current);
        e.put("gyldighetstidspunkt", time());
        e.put("ajourholdstidspunkt", time());
        e.put("kilde", "synthetic");
        return e;
    }

    private static void endAll(ObjectNode doc, String field) {
        for (JsonNode e : doc.withArray(field)) {
            ((ObjectNode) e).put("erGjeldende", false);
            ((ObjectNode) e).put("opphoerstidspunkt", "2024-06-01T10:00:00+02:00");
        }
    }

    /** A resident person with name, birth, identifier in use, status bosatt, ugradert and a street address. */
    public ObjectNode person(String id, String given, String family, String street, String number) {
        ObjectNode doc = fake.json.createObjectNode();
        ObjectNode ident = entry(doc.putArray("identifikasjonsnummer"), true);
        ident.put("foedselsEllerDNummer", id).put("identifikatortype", "foedselsnummer").put("status", "iBruk");
        name(doc, given, family);
        ObjectNode birth = entry(doc.putArray("foedsel"), true);
        LocalDate date = NationalId.parse(id, true).birthDate();
        birth.put("foedselsaar", Integer.toString(date.getYear())).put("foedselsdato", date.toString());
        status(doc, "bosatt");
        entry(doc.putArray("adressebeskyttelse"), true).put("graderingsnivaa", "ugradert");
        address(doc, street, number, null);
        fake.people.put(id, doc);
        return doc;
    }

    public void name(ObjectNode doc, String given, String family) {
        endAll(doc, "navn");
        entry(doc.withArray("navn"), true).put("fornavn", given).put("etternavn", family);
    }

    public void status(ObjectNode doc, String status) {
        endAll(doc, "status");
        entry(doc.withArray("status"), true).put("status", status);
    }

    public void address(ObjectNode doc, String street, String number, String letter) {
        endAll(doc, "bostedsadresse");
        ObjectNode a = entry(doc.withArray("bostedsadresse"), true);
        a.put("adressegradering", "ugradert");
        ObjectNode veg = a.putObject("vegadresse");
        veg.put("adressenavn", street).put("kommunenummer", "4601");
        ObjectNode nr = veg.putObject("adressenummer").put("husnummer", number);
        if (letter != null) {
            nr.put("husbokstav", letter);
        }
        veg.putObject("poststed").put("postnummer", "5003").put("poststedsnavn", "Ranselvik");
    }

    /** Strengt fortrolig: the grading, and the address without its fields. */
    public void strictlyConfidential(ObjectNode doc) {
        endAll(doc, "adressebeskyttelse");
        entry(doc.withArray("adressebeskyttelse"), true).put("graderingsnivaa", "strengtFortrolig");
        endAll(doc, "bostedsadresse");
        entry(doc.withArray("bostedsadresse"), true).put("adressegradering", "strengtFortrolig");
    }

    /** Parent and child name each other in familierelasjon. */
    public void parent(String child, String adult, String role) {
        entry(doc(child).withArray("familierelasjon"), true).put("relatertPerson", adult).put("relatertPersonsRolle", role)
                .put("minRolleForPerson", "barn");
        if (doc(adult) != null) {
            entry(doc(adult).withArray("familierelasjon"), true).put("relatertPerson", child).put("relatertPersonsRolle", "barn")
                    .put("minRolleForPerson", role);
        }
    }

    /** A foreldreansvar entry, on the child's document and the holder's. */
    public void responsibility(String child, String ansvar, String holder, boolean current) {
        entry(doc(child).withArray("foreldreansvar"), current).put("ansvar", ansvar).put("ansvarlig", holder).put("ansvarssubjekt", child);
        if (doc(holder) != null) {
            entry(doc(holder).withArray("foreldreansvar"), current).put("ansvar", ansvar).put("ansvarlig", holder)
                    .put("ansvarssubjekt", child);
        }
    }

    public void responsibilityWithoutIdentifier(String child, String ansvar) {
        ObjectNode e = entry(doc(child).withArray("foreldreansvar"), true).put("ansvar", ansvar).put("ansvarssubjekt", child);
        e.putObject("ansvarligUtenIdentifikator").putObject("navn").put("fornavn", "Utenlandsk").put("etternavn", "Forelder");
    }

    public void endResponsibilities(String child) {
        endAll(doc(child), "foreldreansvar");
    }

    public void verge(String ward, String verge, boolean current) {
        ObjectNode e = entry(doc(ward).withArray("vergemaalEllerFremtidsfullmakt"), current);
        e.put("vergemaaltype", "mindreaarig").put("embete", "Statsforvalteren");
        e.putObject("verge").put("foedselsEllerDNummer", verge).put("omfang", "personligeOgOekonomiskeInteresser");
    }

    public void endVergemaal(String ward) {
        endAll(doc(ward), "vergemaalEllerFremtidsfullmakt");
    }

    public void sharedResidence(String child) {
        ObjectNode e = entry(doc(child).withArray("deltBosted"), true);
        e.put("adressegradering", "ugradert").put("startdatoForKontrakt", "2024-08-01");
        e.putObject("vegadresse").put("adressenavn", "Deltveien").put("kommunenummer", "4601").putObject("adressenummer").put("husnummer", "2");
    }

    /** Death: doedsfall is a single object; the status becomes doed. */
    public void die(String id) {
        ObjectNode doc = doc(id);
        ObjectNode d = doc.putObject("doedsfall");
        d.put("erGjeldende", true).put("doedsdato", "2024-05-01").put("gyldighetstidspunkt", "2024-05-01T00:00:00+02:00").put("kilde", "synthetic");
        status(doc, "doed");
    }

    /** A new identity number: the old one ceases (history entry), the new one is in use; both find the document. */
    public String newId(String old, LocalDate birth) {
        String fresh = adultId(birth);
        ObjectNode doc = doc(old);
        for (JsonNode e : doc.withArray("identifikasjonsnummer")) {
            ((ObjectNode) e).put("erGjeldende", false).put("status", "opphoert");
        }
        entry(doc.withArray("identifikasjonsnummer"), true).put("foedselsEllerDNummer", fresh).put("identifikatortype", "foedselsnummer")
                .put("status", "iBruk");
        fake.people.put(fresh, doc);
        return fresh;
    }

    /** The child's relations name the adult by the new number. */
    public void renameInRelations(String child, String old, String fresh) {
        for (JsonNode e : doc(child).withArray("foreldreansvar")) {
            if (old.equals(e.path("ansvarlig").asText())) {
                ((ObjectNode) e).put("ansvarlig", fresh);
            }
        }
        for (JsonNode e : doc(child).withArray("familierelasjon")) {
            if (old.equals(e.path("relatertPerson").asText())) {
                ((ObjectNode) e).put("relatertPerson", fresh);
            }
        }
    }
}
