package no.ranselpost.registry.imports.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import no.ranselpost.persistence.api.Transactions;
import no.ranselpost.persistence.entity.SourceRunInputEntity;
import no.ranselpost.registry.api.ChildRecord;
import no.ranselpost.registry.api.ContactRecord;
import no.ranselpost.registry.api.EmploymentRecord;
import no.ranselpost.registry.api.EnrolmentRecord;
import no.ranselpost.registry.api.ImportSink;

/**
 * The input of a held run: every record the source handed in that run, in order, kept in the
 * database with the run (whichever node confirms it, whatever waits in a pickup directory by
 * then), and handed again, unchanged, when the run is confirmed. Read back only as the
 * registry's own record types (a deserialization filter refuses anything else).
 */
final class HeldInputs {

    private static final ObjectInputFilter ONLY_RECORDS = ObjectInputFilter.Config.createFilter(
            "maxdepth=12;maxrefs=50000000;no.ranselpost.registry.api.*;no.ranselpost.core.api.*;java.lang.*;java.util.*;java.time.*;!*");

    private HeldInputs() {
    }

    /** Keeps what the run read with it. */
    static void keep(Transactions tx, long runId, List<Object> records) {
        byte[] content;
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(records));
            out.flush();
            content = bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tx.run(em -> {
            SourceRunInputEntity e = new SourceRunInputEntity();
            e.setRunId(runId);
            e.setFileName(records.size() + " records");
            e.setSize(content.length);
            e.setSha256(sha256(content));
            e.setContent(content);
            em.persist(e);
        });
    }

    /** The records a held run read, checked against their digest; empty when none are kept. */
    static Optional<List<Object>> restore(Transactions tx, long runId) {
        return tx.inTransaction(em -> {
            List<SourceRunInputEntity> found = em.createQuery("select i from SourceRunInputEntity i where i.runId = :run",
                    SourceRunInputEntity.class).setParameter("run", runId).getResultList();
            if (found.isEmpty()) {
                return Optional.<List<Object>>empty();
            }
            byte[] content = found.get(0).getContent();
            if (content == null || !sha256(content).equals(found.get(0).getSha256())) {
                throw new IllegalStateException("The kept input of run " + runId + " does not match its digest");
            }
            return Optional.of(read(content));
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Object> read(byte[] content) {
        try (ObjectInputStream in = new BundleObjectInputStream(new ByteArrayInputStream(content))) {
            in.setObjectInputFilter(ONLY_RECORDS);
            return (List<Object>) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalStateException("The kept input could not be read back", e);
        }
    }

    /** Hands the records again, as the source handed them. */
    static void replay(List<Object> records, ImportSink sink) {
        for (Object r : records) {
            if (r instanceof ChildRecord c) {
                sink.child(c);
            } else if (r instanceof EnrolmentRecord e) {
                sink.enrolment(e);
            } else if (r instanceof EmploymentRecord e) {
                sink.employment(e);
            } else if (r instanceof ContactRecord c) {
                sink.contact(c);
            } else if (r instanceof no.ranselpost.registry.api.CapabilityRecord c) {
                sink.record(c);
            }
        }
    }

    static void drop(Transactions tx, long runId) {
        tx.run(em -> em.createQuery("delete from SourceRunInputEntity i where i.runId = :run").setParameter("run", runId).executeUpdate());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Resolves classes through this bundle's wiring (it imports the record packages). */
    private static final class BundleObjectInputStream extends ObjectInputStream {
        BundleObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, HeldInputs.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
