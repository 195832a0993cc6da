package no.ranselpost.benchmarks;

import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;

import no.ranselpost.core.api.NationalId;
import no.ranselpost.core.api.OrgNumber;
import no.ranselpost.persistence.testing.TestDatabase;

/**
 * What the import benchmarks share: the databases (each a fresh in-memory Derby with the
 * product's migrations, dropped afterwards; all after the first copied from its backup), the fixture ids (from {@link #SETUP_BASE}, above
 * anything the product's sequence hands out in a run), synthetic national ids, and the raw
 * baseline: the rows a product run wrote, read back from its database and inserted by plain JDBC
 * into a second database with the same migrations and the same fixture, table by table in
 * dependency order, batches of {@link #RAW_BATCH} rows, one commit per batch.
 */
final class ImportRows {

    /** Fixture rows (units, groups, enrolled children) take ids from here; the product's sequence stays far below. */
    static final long SETUP_BASE = 500_000_000L;
    static final int RAW_BATCH = 1_000;

    private ImportRows() {
    }

    private static java.nio.file.Path template;
    private static final java.util.concurrent.atomic.AtomicInteger COPIES = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A fresh in-memory Derby with the migrations and the persistence unit. The migrations run
     * once per JVM; every database after the first is a copy of that one's Derby backup (the same
     * schema, indexes and sequence, without Liquibase's seconds each time).
     */
    static synchronized TestDatabase database() throws Exception {
        if (template == null) {
            EmbeddedDataSource first = TestDatabase.newDerby();
            TestDatabase migrated = new TestDatabase(first, ds -> ds, TestDatabase.Schema.MIGRATED);
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ranselpost-bench-schema");
            try (Connection c = first.getConnection(); java.sql.CallableStatement cs = c.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
                cs.setString(1, dir.toString());
                cs.execute();
            }
            drop(migrated);
            String[] backups = dir.toFile().list();
            if (backups == null || backups.length != 1) {
                throw new IllegalStateException("Derby's backup of the migrated schema is not in " + dir);
            }
            template = dir.resolve(backups[0]);
        }
        EmbeddedDataSource copy = new EmbeddedDataSource();
        copy.setDatabaseName("memory:ranselpost-bench-" + COPIES.incrementAndGet());
        copy.setConnectionAttributes("createFrom=" + template);
        return new TestDatabase(copy, ds -> ds, TestDatabase.Schema.NONE);
    }

    /** Closes the persistence unit and drops the in-memory database (its memory goes back). */
    static void drop(TestDatabase db) {
        db.close();
        if (db.dataSource() instanceof EmbeddedDataSource e) {
            EmbeddedDataSource dropper = new EmbeddedDataSource();
            dropper.setDatabaseName(e.getDatabaseName());
            dropper.setConnectionAttributes("drop=true");
            try {
                dropper.getConnection().close();
            } catch (SQLException expected) {
                // Derby answers a drop with SQLState 08006
            }
        }
    }

    /** The application's tables, parents before children (by their foreign keys). */
    static List<String> tables(DataSource ds) throws SQLException {
        Map<String, List<String>> parents = new LinkedHashMap<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getTables(null, null, "RP_%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    parents.put(rs.getString("TABLE_NAME"), new ArrayList<>());
                }
            }
            for (String t : parents.keySet()) {
                try (ResultSet rs = md.getImportedKeys(null, null, t)) {
                    while (rs.next()) {
                        String p = rs.getString("PKTABLE_NAME");
                        if (!p.equals(t)) {
                            parents.get(t).add(p);
                        }
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String t : parents.keySet()) {
            visit(t, parents, ordered, new java.util.HashSet<>());
        }
        return ordered;
    }

    private static void visit(String t, Map<String, List<String>> parents, List<String> out, java.util.Set<String> path) {
        if (out.contains(t) || !path.add(t)) {
            return;
        }
        for (String p : parents.getOrDefault(t, List.of())) {
            visit(p, parents, out, path);
        }
        out.add(t);
    }

    private static boolean hasId(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(null, null, table, "ID")) {
            return rs.next();
        }
    }

    /** Per table with an ID column: the highest id below the fixture range (what the product wrote before). */
    static Map<String, Long> marks(DataSource ds) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String t : tables(ds)) {
                if (!hasId(c, t) || t.equals("RP_SEQUENCE")) {
                    continue;
                }
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(ID), 0) FROM " + t + " WHERE ID < " + SETUP_BASE)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Rows of one table, as read back: the column names and the values. */
    record TableRows(String table, List<String> columns, int[] types, List<Object[]> rows, boolean update) {
    }

    /**
     * What a product run wrote: every row above the marks (below the fixture range), and the
     * fixture rows of {@code updatedTable} the run changed (given by {@code updatedWhere}), as
     * updates.
     */
    static List<TableRows> written(DataSource ds, Map<String, Long> marks, String updatedTable, String updatedWhere) throws SQLException {
        List<TableRows> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (Map.Entry<String, Long> m : marks.entrySet()) {
                TableRows rows = read(s, m.getKey(), "ID > " + m.getValue() + " AND ID < " + SETUP_BASE, false);
                if (!rows.rows().isEmpty()) {
                    out.add(rows);
                }
            }
            if (updatedTable != null) {
                TableRows rows = read(s, updatedTable, "ID >= " + SETUP_BASE + " AND (" + updatedWhere + ")", true);
                if (!rows.rows().isEmpty()) {
                    out.add(rows);
                }
            }
        }
        return out;
    }

    private static TableRows read(Statement s, String table, String where, boolean update) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE " + where + " ORDER BY ID")) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String> columns = new ArrayList<>();
            int[] types = new int[n];
            for (int i = 1; i <= n; i++) {
                columns.add(md.getColumnName(i));
                types[i - 1] = md.getColumnType(i);
            }
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row[i - 1] = v instanceof Clob clob ? clob.getSubString(1, (int) clob.length()) : v;
                }
                rows.add(row);
            }
            return new TableRows(table, columns, types, rows, update);
        }
    }

    static long count(List<TableRows> written) {
        return written.stream().mapToLong(t -> t.rows().size()).sum();
    }

    static String describe(List<TableRows> written) {
        StringBuilder b = new StringBuilder();
        for (TableRows t : written) {
            b.append(b.length() == 0 ? "" : ", ").append(t.table()).append(t.update() ? " (updated) " : " ").append(t.rows().size());
        }
        return b.toString();
    }

    /** The raw baseline: the same rows by JDBC, batches of {@link #RAW_BATCH} rows, one commit per batch. */
    static void insert(DataSource ds, List<TableRows> written) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            for (TableRows t : written) {
                String sql;
                if (t.update()) {
                    List<String> set = t.columns().stream().filter(col -> !col.equals("ID")).map(col -> col + " = ?").toList();
                    sql = "UPDATE " + t.table() + " SET " + String.join(", ", set) + " WHERE ID = ?";
                } else {
                    sql = "INSERT INTO " + t.table() + " (" + String.join(", ", t.columns()) + ") VALUES ("
                            + String.join(", ", java.util.Collections.nCopies(t.columns().size(), "?")) + ")";
                }
                int idColumn = t.columns().indexOf("ID");
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    int pending = 0;
                    for (Object[] row : t.rows()) {
                        int k = 1;
                        for (int i = 0; i < row.length; i++) {
                            if (t.update() && i == idColumn) {
                                continue;
                            }
                            bind(p, k++, row[i], t.types()[i]);
                        }
                        if (t.update()) {
                            bind(p, k, row[idColumn], t.types()[idColumn]);
                        }
                        p.addBatch();
                        if (++pending == RAW_BATCH) {
                            p.executeBatch();
                            c.commit();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        p.executeBatch();
                        c.commit();
                    }
                }
            }
        }
    }

    private static void bind(PreparedStatement p, int i, Object v, int type) throws SQLException {
        if (v == null) {
            p.setNull(i, type);
        } else if (type == Types.CLOB) {
            p.setString(i, (String) v);
        } else {
            p.setObject(i, v, type);
        }
    }

    // ------------------------------------------------------------------ synthetic people and units

    /** Synthetic national ids, unique per instance: children born 2008-2023, adults 1965-1990. */
    static final class Ids {
        private LocalDate childDay = LocalDate.of(2008, 1, 1);
        private int childIndividual = 500;
        private LocalDate adultDay = LocalDate.of(1965, 1, 1);
        private int adultIndividual = 0;

        String child() {
            while (true) {
                if (childIndividual > 999) {
                    childIndividual = 500;
                    childDay = childDay.plusDays(1);
                }
                var id = NationalId.compose(childDay, childIndividual++, NationalId.Kind.FODSELSNUMMER, true);
                if (id.isPresent()) {
                    return id.get().value();
                }
            }
        }

        String adult() {
            while (true) {
                if (adultIndividual > 499) {
                    adultIndividual = 0;
                    adultDay = adultDay.plusDays(1);
                }
                var id = NationalId.compose(adultDay, adultIndividual++, NationalId.Kind.FODSELSNUMMER, true);
                if (id.isPresent()) {
                    return id.get().value();
                }
            }
        }
    }

    /** {@code count} distinct valid organisation numbers. */
    static List<String> orgs(int count) {
        List<String> out = new ArrayList<>();
        for (int b = 91_000_000; out.size() < count; b++) {
            String org = OrgNumber.withCheckDigit(Integer.toString(b));
            if (org != null && OrgNumber.rejectionReason(org) == null) {
                out.add(org);
            }
        }
        return out;
    }
}
