package no.ranselpost.diary.api;

/** What a plan covers: a year ("årsplan"), a month ("månedsplan") or a week ("ukeplan"). */
public enum PlanPeriod {
    YEAR,
    MONTH,
    WEEK
}
