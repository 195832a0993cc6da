package no.ranselpost.registry.freg.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import no.ranselpost.core.api.AddressProtection;
import no.ranselpost.core.api.GuardianRelation;
import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.ParentalResponsibility;
import no.ranselpost.registry.api.AddressRecord;
import no.ranselpost.registry.api.PersonRecord;
import no.ranselpost.registry.api.PersonStatus;
import no.ranselpost.registry.api.ResponsibilityRecord;
import no.ranselpost.registry.api.WardshipRecord;

/**
 * Reads a Folkeregisterperson document (person.v1 of the spec) into registry records. Only
 * entries with {@code erGjeldende=true} describe the person now; responsibility and wardship
 * history is passed on with {@code current=false}. A document it cannot read throws
 * {@link Unreadable} with a reason that holds no national id.
 */
public final class FregMapper {

    /** The document could not be read; the reason names fields and values, never an id. */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String reason) {
            super(reason);
        }
    }

    /** The person's national id now: the current identifier in use, else the id asked for. */
    public String currentId(JsonNode doc, String requestedId) {
        return entries(doc, "identifikasjonsnummer").filter(FregMapper::isCurrent)
                .filter(e -> "iBruk".equals(e.path("status").asText())).map(e -> text(e, "foedselsEllerDNummer"))
                .filter(v -> v != null).findFirst().orElse(requestedId);
    }

    /** Every identifier of this person, current and ceased. */
    public Set<String> allIds(JsonNode doc, String requestedId) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(currentId(doc, requestedId));
        entries(doc, "identifikasjonsnummer").map(e -> text(e, "foedselsEllerDNummer")).filter(v -> v != null).forEach(ids::add);
        return ids;
    }

    public PersonRecord person(JsonNode doc, String requestedId) {
        String id = currentId(doc, requestedId);
        List<String> former = entries(doc, "identifikasjonsnummer").filter(e -> "opphoert".equals(e.path("status").asText()))
                .map(e -> text(e, "foedselsEllerDNummer")).filter(v -> v != null && !v.equals(id)).distinct().toList();

        JsonNode name = entries(doc, "navn").filter(FregMapper::isCurrent).findFirst().orElse(null);
        String given = null;
        String family = null;
        if (name != null) {
            given = join(text(name, "fornavn"), text(name, "mellomnavn"));
            family = text(name, "etternavn");
        }

        LocalDate birth = entries(doc, "foedsel").filter(FregMapper::isCurrent).map(e -> date(text(e, "foedselsdato")))
                .filter(d -> d != null).findFirst().orElse(null);
        if (birth == null) {
            birth = birthFromId(id);
        }

        AddressProtection protection = protection(doc);
        AddressRecord address = protection.addressMayBeStored() ? address(doc) : null;
        return new PersonRecord(id, former, given, family, birth, protection, address, status(doc));
    }

    private static LocalDate birthFromId(String id) {
        try {
            return NationalId.parse(id, true).birthDate();
        } catch (RuntimeException e) {
            return null; // the engine rejects the id itself
        }
    }

    /** The strongest current grading; none given is ugradert. */
    AddressProtection protection(JsonNode doc) {
        AddressProtection strongest = AddressProtection.NONE;
        for (JsonNode e : (Iterable<JsonNode>) entries(doc, "adressebeskyttelse").filter(FregMapper::isCurrent)::iterator) {
            AddressProtection p = grading(text(e, "graderingsnivaa"));
            if (p.ordinal() > strongest.ordinal()) {
                strongest = p;
            }
        }
        return strongest;
    }

    private static AddressProtection grading(String value) {
        for (AddressProtection p : AddressProtection.values()) {
            if (p.fregValue().equals(value)) {
                return p;
            }
        }
        throw new Unreadable("adressebeskyttelse: unknown graderingsnivaa");
    }

    /** The current bostedsadresse as a street address; none when graded strengt fortrolig or not a vegadresse. */
    AddressRecord address(JsonNode doc) {
        JsonNode a = entries(doc, "bostedsadresse").filter(FregMapper::isCurrent).findFirst().orElse(null);
        if (a == null || "strengtFortrolig".equals(text(a, "adressegradering"))) {
            return null;
        }
        JsonNode veg = a.get("vegadresse");
        JsonNode postal;
        String street = null;
        if (veg != null && veg.isObject()) {
            JsonNode nr = veg.path("adressenummer");
            String number = join(text(nr, "husnummer"), null);
            String letter = text(nr, "husbokstav");
            street = join(text(veg, "adressenavn"), number == null ? null : number + (letter == null ? "" : letter));
            postal = veg.path("poststed");
        } else if (a.has("matrikkeladresse")) {
            postal = a.path("matrikkeladresse").path("poststed");
        } else {
            return null;
        }
        String code = text(postal, "postnummer");
        String place = text(postal, "poststedsnavn");
        if (street == null && code == null && place == null) {
            return null;
        }
        return new AddressRecord(street, code, place);
    }

    PersonStatus status(JsonNode doc) {
        JsonNode death = doc.get("doedsfall"); // a single object in the spec
        if (death != null && death.isObject() && !(death.has("erGjeldende") && !death.path("erGjeldende").asBoolean())) {
            return PersonStatus.DECEASED;
        }
        String s = entries(doc, "status").filter(FregMapper::isCurrent).map(e -> text(e, "status")).filter(v -> v != null)
                .findFirst().orElse(null);
        if (s == null) {
            return PersonStatus.OTHER;
        }
        return switch (s) {
            case "bosatt" -> PersonStatus.RESIDENT;
            case "utflyttet" -> PersonStatus.EMIGRATED;
            case "doed" -> PersonStatus.DECEASED;
            case "opphoert" -> PersonStatus.CEASED;
            default -> PersonStatus.OTHER;
        };
    }

    /**
     * The child's foreldreansvar entries that name a holder by id (an entry without an
     * identifier, or an organisation, makes no link): current ones and history.
     */
    public List<ResponsibilityRecord> responsibilities(JsonNode childDoc, String requestedId) {
        Set<String> childIds = allIds(childDoc, requestedId);
        List<ResponsibilityRecord> result = new ArrayList<>();
        for (JsonNode e : (Iterable<JsonNode>) entries(childDoc, "foreldreansvar")::iterator) {
            String holder = text(e, "ansvarlig");
            String subject = text(e, "ansvarssubjekt");
            if (holder == null || (subject != null && !childIds.contains(subject))) {
                continue;
            }
            ParentalResponsibility r = responsibility(text(e, "ansvar"));
            result.add(new ResponsibilityRecord(holder, r, relation(childDoc, holder), isCurrent(e), date(text(e, "gyldighetstidspunkt"))));
        }
        return result;
    }

    private static ParentalResponsibility responsibility(String value) {
        for (ParentalResponsibility r : ParentalResponsibility.values()) {
            if (r.fregValue().equals(value)) {
                return r;
            }
        }
        throw new Unreadable("foreldreansvar: unknown ansvar");
    }

    /** The holder's role for the child from the child's familierelasjon (current entries first): mor, far, medmor, else OTHER. */
    GuardianRelation relation(JsonNode childDoc, String holder) {
        List<JsonNode> relations = entries(childDoc, "familierelasjon").filter(e -> holder.equals(text(e, "relatertPerson"))).toList();
        String role = relations.stream().filter(FregMapper::isCurrent).map(e -> text(e, "relatertPersonsRolle")).filter(v -> v != null)
                .findFirst().orElse(relations.stream().map(e -> text(e, "relatertPersonsRolle")).filter(v -> v != null).findFirst().orElse(""));
        return switch (role) {
            case "mor" -> GuardianRelation.MOR;
            case "far" -> GuardianRelation.FAR;
            case "medmor" -> GuardianRelation.MEDMOR;
            default -> GuardianRelation.OTHER;
        };
    }

    /** vergemaalEllerFremtidsfullmakt entries naming a verge by id. */
    public List<WardshipRecord> wardships(JsonNode doc) {
        return entries(doc, "vergemaalEllerFremtidsfullmakt").map(e -> {
            String verge = text(e.path("verge"), "foedselsEllerDNummer");
            return verge == null ? null : new WardshipRecord(verge, isCurrent(e));
        }).filter(w -> w != null).toList();
    }

    /** The adults a child's record must describe: current holders and current verges. */
    public Set<String> adultsNeeded(JsonNode childDoc, String requestedId) {
        Set<String> ids = new LinkedHashSet<>();
        responsibilities(childDoc, requestedId).stream().filter(ResponsibilityRecord::current).map(ResponsibilityRecord::holderNationalId)
                .forEach(ids::add);
        wardships(childDoc).stream().filter(WardshipRecord::current).map(WardshipRecord::vergeNationalId).forEach(ids::add);
        return ids;
    }

    // ------------------------------------------------------------------ helpers

    static boolean isCurrent(JsonNode entry) {
        JsonNode g = entry.get("erGjeldende");
        return g != null && g.isBoolean() && g.booleanValue();
    }

    static Stream<JsonNode> entries(JsonNode doc, String field) {
        JsonNode n = doc == null ? null : doc.get(field);
        if (n == null || n.isNull()) {
            return Stream.empty();
        }
        if (!n.isArray()) {
            throw new Unreadable(field + ": not a list");
        }
        return StreamSupport.stream(n.spliterator(), false).filter(JsonNode::isObject);
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + " " + b;
    }

    static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value);
            }
            return OffsetDateTime.parse(value).toLocalDate();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toLocalDate();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
