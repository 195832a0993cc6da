package no.ranselpost.persistence.api;

import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;

/**
 * A generic key/value store per source id (feed positions, last-run marks), so the data layer
 * names no vendor. The methods taking an EntityManager join the caller's transaction: a feed
 * position then commits together with the changes it covers.
 */
public interface SourceStateStore {

    Optional<String> get(String sourceId, String key);

    Optional<String> get(EntityManager em, String sourceId, String key);

    void put(String sourceId, String key, String value);

    void put(EntityManager em, String sourceId, String key, String value);

    /** Puts several keys in one transaction; a null value removes its key. */
    void putAll(String sourceId, Map<String, String> values);

    Map<String, String> all(String sourceId);

    void remove(String sourceId, String key);
}
