package no.ranselpost.timetable.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;

/** The timetable, always on behalf of a principal (the feed on its token alone): access asked on every call, every change audited. */
public interface TimetableService {

    /** The ISO week holding {@code day} of a pupil: the lessons of the groups the pupil is enrolled in that week. */
    Week pupilWeek(AuthenticatedPrincipal principal, long childId, LocalDate day);

    /** The ISO week holding {@code day} of a teacher (a person): the lessons they teach. */
    Week teacherWeek(AuthenticatedPrincipal principal, long teacherPersonId, LocalDate day);

    Week groupWeek(AuthenticatedPrincipal principal, long groupId, LocalDate day);

    /** The group's lessons (all periods). */
    List<Lesson> groupLessons(AuthenticatedPrincipal principal, long groupId);

    Lesson createLesson(AuthenticatedPrincipal principal, LessonRequest request);

    Lesson updateLesson(AuthenticatedPrincipal principal, long lessonId, LessonRequest request);

    void deleteLesson(AuthenticatedPrincipal principal, long lessonId);

    /** A new feed for the principal's own account; an earlier one is revoked (renewal). */
    CalendarFeed createFeed(AuthenticatedPrincipal principal);

    /** The principal's current feed, without its token. */
    Optional<CalendarFeed> currentFeed(AuthenticatedPrincipal principal);

    /** Revokes the principal's feed: its URL answers 404 from the next request. */
    void revokeFeed(AuthenticatedPrincipal principal);

    /** The feed under a token; empty for an unknown or revoked token (or an account that is gone). */
    Optional<FeedContent> feed(String token);

    RosterExport runExport(AuthenticatedPrincipal principal);

    /** The newest export's zip. */
    byte[] latestExport(AuthenticatedPrincipal principal);

    /** The exports made, newest first. */
    List<RosterExport> exports(AuthenticatedPrincipal principal);
}
