package no.ranselpost.persistence.testing;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

/**
 * A database's schema as the drift tests compare it, on Derby and on PostgreSQL alike: what the
 * migrations made against what OpenJPA derives from the entities.
 */
public final class SchemaDescription {

    private SchemaDescription() {
    }

    /** Tables, columns with type, size and nullability, primary keys, unique column sets, named indexes, foreign keys. */
    public static String describe(DataSource ds) throws SQLException {
        return describe(ds, true);
    }

    /**
     * @param foreignKeyNullability whether the nullability of foreign-key columns counts: OpenJPA's
     *                              PostgreSQL dictionary leaves the join column of a required
     *                              relation nullable where Derby's (and the migrations) say NOT NULL
     */
    public static String describe(DataSource ds, boolean foreignKeyNullability) throws SQLException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String t = rs.getString("TABLE_NAME").toUpperCase(Locale.ROOT);
                    if (t.startsWith("RP_")) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            for (String t : tables) {
                StringBuilder d = new StringBuilder();
                java.util.Set<String> fkColumns = new java.util.HashSet<>();
                try (ResultSet rs = md.getImportedKeys(null, null, t)) {
                    while (rs.next()) {
                        fkColumns.add(rs.getString("FKCOLUMN_NAME"));
                    }
                }
                try (ResultSet rs = md.getColumns(null, null, t, "%")) {
                    TreeSet<String> cols = new TreeSet<>();
                    while (rs.next()) {
                        String type = rs.getString("TYPE_NAME");
                        cols.add(rs.getString("COLUMN_NAME") + " " + type + (type.toUpperCase(Locale.ROOT).contains("CHAR") ? "(" + rs.getInt("COLUMN_SIZE") + ")" : "")
                                + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls
                                && (foreignKeyNullability || !fkColumns.contains(rs.getString("COLUMN_NAME"))) ? " NOT NULL" : ""));
                    }
                    d.append("columns ").append(cols).append('\n');
                }
                TreeSet<String> pk = new TreeSet<>();
                try (ResultSet rs = md.getPrimaryKeys(null, null, t)) {
                    while (rs.next()) {
                        pk.add(rs.getString("COLUMN_NAME"));
                    }
                }
                d.append("primary key ").append(pk).append('\n');
                TreeMap<String, TreeSet<String>> indexes = new TreeMap<>();
                TreeMap<String, Boolean> unique = new TreeMap<>();
                try (ResultSet rs = md.getIndexInfo(null, null, t, false, false)) {
                    while (rs.next()) {
                        String n = rs.getString("INDEX_NAME");
                        if (n != null && rs.getString("COLUMN_NAME") != null) {
                            indexes.computeIfAbsent(n, k -> new TreeSet<>()).add(rs.getString("COLUMN_NAME"));
                            unique.put(n, !rs.getBoolean("NON_UNIQUE"));
                        }
                    }
                }
                TreeSet<String> uniqueSets = new TreeSet<>();
                TreeSet<String> named = new TreeSet<>();
                indexes.forEach((n, cols) -> {
                    if (unique.get(n) && !cols.equals(pk)) {
                        uniqueSets.add(cols.toString());
                    }
                    if (n.toUpperCase(Locale.ROOT).startsWith("IX_")) {
                        named.add(n + cols);
                    }
                });
                d.append("unique ").append(uniqueSets).append('\n').append("indexes ").append(named).append('\n');
                TreeSet<String> fks = new TreeSet<>();
                try (ResultSet rs = md.getImportedKeys(null, null, t)) {
                    while (rs.next()) {
                        fks.add(rs.getString("FKCOLUMN_NAME") + " -> " + rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME"));
                    }
                }
                d.append("foreign keys ").append(fks).append('\n');
                out.put(t, d.toString());
            }
        }
        StringBuilder all = new StringBuilder();
        out.forEach((t, d) -> all.append("== ").append(t).append('\n').append(d));
        return all.toString();
    }

}
