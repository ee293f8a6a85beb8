package org.interagency.gateway.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.interagency.gateway.error.ErrorCode;
import org.interagency.gateway.error.GatewayException;
import org.interagency.gateway.ledger.CheckpointStore;
import org.interagency.gateway.ledger.Ledger;
import org.interagency.gateway.ledger.LedgerEntry;
import org.interagency.gateway.ledger.LedgerEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Collects the evidence about one message into a zip that can be checked offline with
 * {@code openssl} alone: the envelope as sent or received, the signed receipts, the ledger
 * entries from the message's first entry to the first checkpoint after its last one (each as
 * the exact text its hash covers), that signed checkpoint with its time-stamp response, the
 * partners' signed acknowledgements of it, and the certificates. {@code verify.sh} inside runs
 * the checks, and the README explains each.
 */
public class EvidencePackage {

    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final CheckpointStore checkpoints;
    private final EnvelopeArchive envelopes;
    private final Collection<X509Certificate> trustAnchors;

    public EvidencePackage(JdbcClient jdbc, Ledger ledger, CheckpointStore checkpoints, EnvelopeArchive envelopes,
            Collection<X509Certificate> trustAnchors) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.checkpoints = checkpoints;
        this.envelopes = envelopes;
        this.trustAnchors = List.copyOf(trustAnchors);
    }

    /**
     * Writes the package for {@code messageId} as a zip to {@code out}.
     *
     * @throws GatewayException NOT_FOUND if the ledger has no entry about the message, or no
     *     checkpoint covers its last entry yet
     */
    public void write(String messageId, OutputStream out) throws IOException {
        List<LedgerEntry> messageEntries = ledger.entriesFor(messageId);
        if (messageEntries.isEmpty()) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "the ledger of " + ledger.gateway() + " has no entry about message "
                    + messageId + "; check the id, or ask the gateway that sent or received it");
        }
        List<EnvelopeArchive.Stored> stored = envelopes.find(messageId);
        long first = firstEntry(messageEntries, stored);
        long last = messageEntries.get(messageEntries.size() - 1).seq();
        CheckpointStore.Stored checkpoint = checkpoints.covering(last).orElseThrow(() -> new GatewayException(
                ErrorCode.NOT_FOUND, "no checkpoint covers entry " + last + " of message " + messageId
                        + " yet; wait for the next checkpoint (gateway.ledger.checkpoint-interval) and run again"));
        List<LedgerEntry> chain = ledger.entriesFrom(first, (int) (checkpoint.seq() - first + 1));

        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            writeLedger(zip, messageEntries, chain);
            writeCheckpoint(zip, checkpoint);
            writeMessageFiles(zip, messageId, stored);
            add(zip, "certificates/trust-anchors.pem", pem(trustAnchors));
            add(zip, "verify.sh", EvidenceReadme.script().getBytes(StandardCharsets.UTF_8));
            add(zip, "README.md", EvidenceReadme.readme(ledger.gateway(), messageId, first, checkpoint.seq(),
                    checkpoint.timestampResponse() != null, trustAnchors).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Returns where the chain part of the package starts: the message's first entry, or on the
     * receiving gateway the RECEIVED entry of its envelope, which names only the envelope digest.
     */
    private long firstEntry(List<LedgerEntry> messageEntries, List<EnvelopeArchive.Stored> stored) {
        long first = messageEntries.get(0).seq();
        for (EnvelopeArchive.Stored envelope : stored) {
            if (envelope.direction() == EnvelopeArchive.Direction.RECEIVED) {
                Long received = jdbc.sql("SELECT MIN(seq) FROM ledger_entry WHERE event = ? AND payload_digest = ?")
                        .params(LedgerEvent.RECEIVED.name(), envelope.envelopeDigest())
                        .query(Long.class)
                        .single();
                if (received != null && received < first) {
                    first = received;
                }
            }
        }
        return first;
    }

    private static void writeLedger(ZipOutputStream zip, List<LedgerEntry> messageEntries, List<LedgerEntry> chain)
            throws IOException {
        StringWriter csv = new StringWriter();
        AuditExport.writeCsv(messageEntries, csv);
        add(zip, "message-entries.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        for (LedgerEntry entry : chain) {
            String name = "entries/" + String.format("%012d", entry.seq());
            add(zip, name + ".txt", entry.canonicalForm().getBytes(StandardCharsets.UTF_8));
            add(zip, name + ".sha256", (entry.entryHash() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void writeCheckpoint(ZipOutputStream zip, CheckpointStore.Stored checkpoint) throws IOException {
        add(zip, "checkpoint.p7s", checkpoint.signed());
        if (checkpoint.timestampResponse() != null) {
            add(zip, "checkpoint.tsr", checkpoint.timestampResponse());
            add(zip, "certificates/tsa-chain.pem", tsaCertificates(checkpoint.timestampResponse()));
        }
        for (CheckpointStore.Witness witness : checkpoints.witnesses(checkpoint.seq())) {
            if (witness.acknowledgement() != null) {
                add(zip, "acknowledgement-" + witness.county() + ".p7s", witness.acknowledgement());
            }
        }
    }

    private void writeMessageFiles(ZipOutputStream zip, String messageId, List<EnvelopeArchive.Stored> stored)
            throws IOException {
        for (EnvelopeArchive.Stored envelope : stored) {
            if (envelope.envelope() != null) {
                add(zip, "envelope-" + envelope.direction().code() + "-" + envelope.county() + ".p7m", envelope.envelope());
            }
        }
        List<String[]> receipts = new ArrayList<>(jdbc.sql(
                        "SELECT county, kind, signed_receipt FROM receipt WHERE message_id = ? ORDER BY county, kind")
                .param(messageId)
                .query((row, n) -> new String[] {row.getString(1) + "-" + row.getString(2), row.getString(3)})
                .list());
        receipts.addAll(jdbc.sql("SELECT sender_county, signed_receipt FROM opened_message WHERE message_id = ?")
                .param(messageId)
                .query((row, n) -> new String[] {"issued-to-" + row.getString(1) + "-delivered", row.getString(2)})
                .list());
        for (String[] receipt : receipts) {
            add(zip, "receipt-" + receipt[0].replace(':', '-') + ".p7s", Base64.getDecoder().decode(receipt[1]));
        }
    }

    private static byte[] tsaCertificates(byte[] timestampResponse) {
        try {
            TimeStampResponse response = new TimeStampResponse(timestampResponse);
            List<X509Certificate> certificates = new ArrayList<>();
            for (X509CertificateHolder holder : response.getTimeStampToken().getCertificates().getMatches(null)) {
                certificates.add(new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(holder));
            }
            return pem(certificates);
        } catch (TSPException | IOException | java.security.cert.CertificateException e) {
            throw new GatewayException(ErrorCode.INTERNAL, "the stored time-stamp response cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static byte[] pem(Collection<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : certificates) {
            try {
                text.append("-----BEGIN CERTIFICATE-----\n")
                        .append(encoder.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new GatewayException(ErrorCode.INTERNAL, "a certificate cannot be encoded", e);
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void add(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    /** Returns the package for {@code messageId} as bytes. */
    public byte[] toBytes(String messageId) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(messageId, out);
        return out.toByteArray();
    }
}
