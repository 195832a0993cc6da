package no.ranselpost.persistence.entity;

import java.time.LocalDate;

/** Something a full-snapshot source holds for a period (an enrolment, an employment): it ends when it disappears. */
public interface SourcedPeriod {

    long getId();

    LocalDate getStartDate();

    void setEndDate(LocalDate endDate);

    void setEndReason(String endReason);
}
