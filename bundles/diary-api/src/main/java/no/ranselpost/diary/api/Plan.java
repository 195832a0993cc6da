package no.ranselpost.diary.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A published plan and its document (type as detected from the content). */
public record Plan(long id, PlanPeriod period, long unitId, Long groupId, LocalDate startsOn, String title, String contentType, long size,
                   OffsetDateTime createdAt, String url) {
}
