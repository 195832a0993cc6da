package no.ranselpost.audit.api;

import java.util.List;

/**
 * What {@code verify} found, up to the latest seal. A problem's record ids are the lowest and
 * highest id of the segment concerned (0 when none applies).
 */
public record VerifyReport(boolean intact, int sealsChecked, long recordsChecked, long unsealedRecords, Seal latestSeal,
                           List<Problem> problems) {

    public enum Kind {
        /** A record's content no longer matches its seal. */
        EDITED,
        /** Records are missing inside a sealed segment, with later ones still present. */
        DELETED,
        /** Records or seals are missing from the end of what was sealed. */
        CUT_FROM_END,
        /** Records appeared inside a sealed segment. */
        INSERTED,
        /** Seals do not follow one another, or records name a seal that is gone. */
        SEAL_CHAIN_BROKEN,
        /** The table has seals but the seal published outside it is missing: nothing proves a cut from the end. */
        PUBLISHED_SEAL_MISSING
    }

    public record Problem(Kind kind, long sealId, long fromRecordId, long toRecordId, String detail) {
    }
}
