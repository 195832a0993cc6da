package no.ranselpost.registry.krr.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import no.ranselpost.registry.api.ContactRecord;
import no.ranselpost.registry.api.ContactRegisterStatus;

/** One entry of KRR's answer as a {@link ContactRecord}; an entry it cannot read throws {@link Unreadable} (no value in the message). */
final class KrrMapper {

    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    ContactRecord record(String key, String nationalId, JsonNode p) {
        ContactRegisterStatus status = ContactRegisterStatus.ofKrr(text(p, "status"));
        if (status == null) {
            throw new Unreadable("status missing or not AKTIV, SLETTET or IKKE_REGISTRERT");
        }
        if (status != ContactRegisterStatus.ACTIVE) {
            return ContactRecord.unknown(key, nationalId, status);
        }
        String reservation = text(p, "reservasjon");
        boolean reserved;
        if ("JA".equals(reservation)) {
            reserved = true;
        } else if ("NEI".equals(reservation) || reservation == null) {
            reserved = false;
        } else {
            throw new Unreadable("reservasjon is neither JA nor NEI");
        }
        String varsling = text(p, "varslingsstatus");
        Boolean notifiable;
        if (varsling == null) {
            notifiable = null;
        } else if ("KAN_VARSLES".equals(varsling)) {
            notifiable = true;
        } else if ("KAN_IKKE_VARSLES".equals(varsling)) {
            notifiable = false;
        } else {
            throw new Unreadable("varslingsstatus is neither KAN_VARSLES nor KAN_IKKE_VARSLES");
        }
        JsonNode k = p.path("kontaktinformasjon");
        String language = text(p, "spraak");
        return new ContactRecord(key, nationalId, status, reserved, notifiable, language == null ? null : language.strip().toLowerCase(),
                blankToNull(text(k, "epostadresse")), time(k, "epostadresse_oppdatert"), time(k, "epostadresse_sist_verifisert"),
                blankToNull(text(k, "mobiltelefonnummer")), time(k, "mobiltelefonnummer_oppdatert"),
                time(k, "mobiltelefonnummer_sist_verifisert"));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Unreadable(field + " is not text");
        }
        return v.asText();
    }

    private static OffsetDateTime time(JsonNode n, String field) {
        String s = text(n, field);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new Unreadable(field + " is not a date and time with offset");
        }
    }
}
