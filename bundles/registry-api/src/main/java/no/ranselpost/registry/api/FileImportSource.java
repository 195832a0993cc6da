package no.ranselpost.registry.api;

import java.nio.file.Path;

/**
 * A source that reads files: a full snapshot per file (HR exports, enrolment exports). A
 * regular run reads the newest file from the adapter's configured pickup directory (through
 * {@link #pull(ImportSink, StateView)}); an upload over REST (SYSTEM_ADMIN, or the source's own
 * INTEGRATION account) runs the same rules on the uploaded file.
 *
 * A file that does not parse applies nothing and says why (throw {@link UnreadableFileException});
 * a bad row or element is rejected on its own, with its line number, while the good ones apply.
 */
public interface FileImportSource extends RegistrySource {

    /** Reads one file and hands every record to the sink. */
    void pull(ImportSink sink, StateView state, Path file) throws Exception;

    /** Whether a new file waits in the pickup directory: the engine then runs the source on its own. */
    default boolean hasNewFile() {
        return false;
    }

    /** The largest file accepted, in bytes. */
    default long maxFileBytes() {
        return 50L * 1024 * 1024;
    }

    /** The whole file is unusable (not well-formed, wrong header, too large, a DTD): nothing of it is applied. */
    class UnreadableFileException extends Exception {
        private static final long serialVersionUID = 1L;

        public UnreadableFileException(String reason) {
            super(reason);
        }
    }
}
