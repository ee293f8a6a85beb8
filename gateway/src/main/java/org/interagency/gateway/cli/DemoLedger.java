package org.interagency.gateway.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a running demo gateway's ledger rows for one message, to show them as they appear. */
final class DemoLedger {

    /** One ledger row as the demo prints it. */
    record Row(long seq, String event, String sender, String recipient, String decision, String reason, String digest) {
    }

    private final String url;
    private long lastSeq;

    DemoLedger(String url) {
        this.url = url;
    }

    /** Returns the rows about {@code messageId} not returned before, in order. */
    List<Row> newRows(String messageId) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "gateway", "");
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, event, sender_agency, recipient_agency, decision, reason_code, payload_digest "
                                + "FROM ledger_entry WHERE message_id = ? AND seq > ? ORDER BY seq")) {
            query.setString(1, messageId);
            query.setLong(2, lastSeq);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getString(2), result.getString(3), result.getString(4),
                            result.getString(5), result.getString(6), result.getString(7)));
                    lastSeq = result.getLong(1);
                }
            }
        }
        return rows;
    }
}
