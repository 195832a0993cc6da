package no.ranselpost.diary.api;

/** A unit's news post ("nyheter") or a group's diary post ("dagbok"). */
public enum PostKind {
    NEWS,
    DIARY
}
