package no.ranselpost.access.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the action (its id, see {@link Action}) a REST operation takes. The REST server
 * refuses to publish a resource with a method without one (except the anonymous endpoints) or
 * naming an id no capability declared, and refuses a request whose principal holds none of the
 * action's roles before the resource runs; the service then checks the object itself.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresAction {
    String value();
}
