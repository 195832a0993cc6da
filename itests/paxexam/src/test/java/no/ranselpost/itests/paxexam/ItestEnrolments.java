package no.ranselpost.itests.paxexam;

import java.time.LocalDate;
import java.util.List;

import no.ranselpost.core.api.GroupType;
import no.ranselpost.core.api.UnitType;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportSink;
import no.ranselpost.registry.api.RegistrySource;

/**
 * An enrolment source registered from inside the container: the FREG fake's children in a
 * kindergarten of their own, the one unit the FREG adapter of the test follows.
 */
final class ItestEnrolments implements RegistrySource {

    /** The first valid organisation number from 92000000: no demo unit has it. */
    static final String ORG_NUMBER = firstValid(92000000);

    private final List<String> children;

    ItestEnrolments(List<String> children) {
        this.children = children;
    }

    private static String firstValid(int base) {
        for (int n = base;; n++) {
            String org = no.ranselpost.core.api.OrgNumber.withCheckDigit(Integer.toString(n));
            if (org != null) {
                return org;
            }
        }
    }

    @Override
    public String sourceId() {
        return "itest-enrolment";
    }

    @Override
    public boolean fullSnapshot() {
        return false;
    }

    @Override
    public void pull(ImportSink sink, StateView state) {
        int row = 0;
        for (String child : children) {
            sink.enrolment(new EnrolmentRecord("row " + (++row), child, ORG_NUMBER, UnitType.KINDERGARTEN, "Itest barnehage", "AVD1",
                    "Registerstua", GroupType.DEPARTMENT, LocalDate.now().minusMonths(1), null));
        }
    }
}
