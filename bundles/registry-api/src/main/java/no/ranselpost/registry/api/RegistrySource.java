package no.ranselpost.registry.api;

import java.util.Optional;

/**
 * The SPI a registry adapter implements (FREG, KRR, HR, enrolment; one per source and style),
 * registered as an OSGi service, usually from a factory configuration, so adding, removing or
 * reconfiguring one needs no restart.
 */
public interface RegistrySource {

    /** Service property naming the source id (freg, krr, hr, enrolment, or a test source). */
    String SOURCE_ID = "ranselpost.source.id";

    String sourceId();

    /**
     * A full-snapshot source lists everything that is current: what disappears from it ends,
     * behind the mass-deletion hold.
     */
    boolean fullSnapshot();

    /**
     * Reads what the source has and hands every record to the sink.
     *
     * @param state the source's own state from the last run (a feed position), read-only here;
     *              write it through {@link ImportSink#state}
     */
    void pull(ImportSink sink, StateView state) throws Exception;

    /** Read access to the source's own key/value state. */
    interface StateView {
        Optional<String> get(String key);
    }
}
