package no.ranselpost.access.api;

/** Finds what an object of one kind belongs to. Called by the access bundle only, on every decision (no cache). */
@FunctionalInterface
public interface TargetResolver {

    /** The facts of the target; {@link Facts#NONE} when it does not exist. */
    Facts resolve(Target target);
}
