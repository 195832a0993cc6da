package no.ranselpost.diary.api;

import java.time.LocalDate;

/** A plan to publish: of a unit (no group) or of a group, for the period starting that day. */
public record NewPlan(PlanPeriod period, Long unitId, Long groupId, LocalDate startsOn, String title) {
}
