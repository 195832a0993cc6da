package no.ranselpost.absence.api;

import java.time.OffsetDateTime;

/**
 * A child's health information as one reader may see it: a field the reader may not see is null
 * (the department's shared account sees allergies only).
 */
public record HealthInfo(Long childId, String allergies, String intolerances, String gp, OffsetDateTime updatedAt) {

    @Override
    public String toString() {
        return "HealthInfo[child " + childId + ", ***]";
    }
}
