package no.ranselpost.attendance.api;

import java.time.LocalDate;
import java.util.List;

/** A group's head count now: how many are here, and every enrolled child's day (today's absences included). */
public record HeadCount(long groupId, LocalDate day, int enrolled, int present, int absent, List<ChildDay> children) {
}
