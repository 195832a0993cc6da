package no.ranselpost.consent.api;

import java.util.List;

/** Per group, who has consented to what: each child enrolled today and its consents in force. */
public record GroupConsents(long groupId, List<ConsentKind> kinds, List<Row> children) {

    public record Row(long childId, String givenName, String familyName, List<ChildConsent> consents) {
    }
}
