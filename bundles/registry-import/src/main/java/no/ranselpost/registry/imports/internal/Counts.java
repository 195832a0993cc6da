package no.ranselpost.registry.imports.internal;

/** What applying records did. */
final class Counts {
    int created;
    int updated;
    int ended;
    int unchanged;
    int rejected;

    boolean changedAnything() {
        return created + updated + ended > 0;
    }

    void add(Counts other) {
        created += other.created;
        updated += other.updated;
        ended += other.ended;
        unchanged += other.unchanged;
        rejected += other.rejected;
    }
}
