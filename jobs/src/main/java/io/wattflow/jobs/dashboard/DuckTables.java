package io.wattflow.jobs.dashboard;

import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The job's outputs as tables of an embedded, in-memory DuckDB, whichever way they got there. */
public abstract class DuckTables implements AutoCloseable {
    protected final DuckDBConnection db;

    protected DuckTables() throws SQLException {
        this.db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
    }

    /** Whether the output has rows to show (its table exists and is not empty). */
    public abstract boolean has(String table);

    /** Rows of a query as column name -> value maps, in the query's column order; each call on its own connection. */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = db.duplicate(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (r.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        Object v = r.getObject(col);
                        row.put(meta.getColumnLabel(col), v instanceof java.math.BigDecimal d ? d.doubleValue()
                                : v instanceof java.math.BigInteger b ? b.longValue() : v);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        db.close();
    }
}
