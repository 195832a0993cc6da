package no.ranselpost.consent.api;

import java.util.Set;

/** What a consent kind covers: the uses the platform knows (a kind names one). */
public final class ConsentUse {

    /** Photos in the internal diary and news posts ("bildedeling" in the diary). */
    public static final String DIARY_PHOTOS = "diary-photos";
    /** Photos in a printed yearbook. */
    public static final String YEARBOOK = "yearbook";
    /** Photos on the kommune's public pages (web, social media). */
    public static final String PUBLIC_PAGES = "public-pages";

    public static final Set<String> ALL = Set.of(DIARY_PHOTOS, YEARBOOK, PUBLIC_PAGES);

    private ConsentUse() {
    }
}
