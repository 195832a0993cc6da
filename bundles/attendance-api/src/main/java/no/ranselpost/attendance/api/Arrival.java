package no.ranselpost.attendance.api;

/**
 * Who brought or fetched a child: one of its guardians (by person id), or another adult whose name
 * staff noted ("bestemor Kari").
 */
public record Arrival(Long guardianPersonId, String otherAdultName) {

    @Override
    public String toString() {
        return "Arrival[" + (guardianPersonId != null ? "guardian " + guardianPersonId : "another adult") + "]";
    }
}
