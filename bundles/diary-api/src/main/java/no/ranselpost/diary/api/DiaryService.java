package no.ranselpost.diary.api;

import java.io.InputStream;
import java.util.List;

import no.ranselpost.core.api.identity.AuthenticatedPrincipal;
import no.ranselpost.storage.api.ContentStream;

/** The diary, always on behalf of a principal: access asked on every call, every change audited in its transaction. */
public interface DiaryService {

    Post createPost(AuthenticatedPrincipal principal, NewPost post);

    /** Adds a photo (JPEG or PNG: from the content) showing the tagged children (none: the whole group or unit). */
    Photo addPhoto(AuthenticatedPrincipal principal, long postId, List<Long> taggedChildIds, InputStream content);

    void deletePost(AuthenticatedPrincipal principal, long postId);

    /** The posts the reader may read, newest first, filtered in the database (optionally of one unit or group). */
    List<Post> posts(AuthenticatedPrincipal principal, Long unitId, Long groupId);

    Post post(AuthenticatedPrincipal principal, long postId);

    /**
     * A photo (or its thumbnail), only while the reader may see it now: for a guardian, every child
     * it shows has the consent. Otherwise "no such object" (HTTP 404), also for an URL opened before.
     */
    ContentStream openPhoto(AuthenticatedPrincipal principal, long photoId, boolean thumbnail);

    Plan publishPlan(AuthenticatedPrincipal principal, NewPlan plan, InputStream document);

    /** The plans the reader may read, filtered in the database (optionally of one unit or group). */
    List<Plan> plans(AuthenticatedPrincipal principal, Long unitId, Long groupId);

    ContentStream openPlan(AuthenticatedPrincipal principal, long planId);
}
