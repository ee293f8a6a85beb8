package org.interagency.gateway.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;

/** The README and the {@code verify.sh} script of an evidence package. */
final class EvidenceReadme {

    private EvidenceReadme() {
    }

    /**
     * Returns the script that checks the package with openssl and POSIX shell tools. It
     * expects the trusted root of the time-stamping authority in {@code $TSA_ROOT}, because a
     * root taken from the token itself would prove nothing.
     */
    static String script() {
        return """
                #!/bin/sh
                # Checks this evidence package with openssl alone. Run it in the unpacked folder:
                #   TSA_ROOT=/path/to/tsa-root.pem sh verify.sh
                # Exits non-zero at the first check that fails.
                set -eu
                anchors=certificates/trust-anchors.pem

                # 1. The checkpoint is signed by the gateway and chains to a trust anchor of the directory.
                openssl cms -verify -binary -inform DER -in checkpoint.p7s -CAfile "$anchors" -purpose any -out checkpoint.json
                echo "checkpoint signature: OK"

                # 2. The time-stamp token covers exactly the signed checkpoint.
                if [ -f checkpoint.tsr ]; then
                  openssl ts -verify -data checkpoint.p7s -in checkpoint.tsr -CAfile "${TSA_ROOT:?set TSA_ROOT to the time-stamping authority's root certificate}" -untrusted certificates/tsa-chain.pem
                  echo "checkpoint time-stamp: OK"
                else
                  echo "checkpoint time-stamp: NONE (the gateway had no time-stamping authority)"
                fi

                # 3. Each partner gateway signed that it holds this checkpoint, with the same head hash.
                head=$(sed 's/.*"headHash":"\\([0-9a-f]*\\)".*/\\1/' checkpoint.json)
                for ack in acknowledgement-*.p7s; do
                  [ -f "$ack" ] || { echo "no partner acknowledgement in the package"; exit 1; }
                  openssl cms -verify -binary -inform DER -in "$ack" -CAfile "$anchors" -purpose any -out "${ack%.p7s}.json"
                  grep -q "\\"headHash\\":\\"$head\\"" "${ack%.p7s}.json"
                  echo "$ack: OK"
                done

                # 4. Every ledger entry hashes to its recorded hash and links to the entry before it,
                #    up to the checkpoint's head hash.
                previous=""
                for entry in entries/*.txt; do
                  hash=$(openssl dgst -sha256 -r "$entry" | cut -d' ' -f1)
                  [ "$hash" = "$(cat "${entry%.txt}.sha256")" ] || { echo "$entry does not match its hash"; exit 1; }
                  link=$(tr '\\037' '\\n' < "$entry" | tail -n 1)
                  [ -z "$previous" ] || [ "$link" = "$previous" ] || { echo "$entry does not link to the entry before it"; exit 1; }
                  previous=$hash
                done
                [ "$previous" = "$head" ] || { echo "the last entry is not the checkpoint's head"; exit 1; }
                echo "ledger chain to the checkpoint: OK"

                # 5. The envelope and the receipts are the ones the ledger and the partner name.
                for envelope in envelope-*.p7m; do
                  [ -f "$envelope" ] || continue
                  digest=$(openssl dgst -sha256 -r "$envelope" | cut -d' ' -f1)
                  grep -q "sha256:$digest" entries/*.txt || { echo "$envelope is not named by the ledger"; exit 1; }
                  echo "$envelope digest in the ledger: OK"
                done
                for receipt in receipt-*.p7s; do
                  [ -f "$receipt" ] || continue
                  openssl cms -verify -binary -inform DER -in "$receipt" -CAfile "$anchors" -purpose any -out "${receipt%.p7s}.json"
                  echo "$receipt signature: OK"
                done
                echo "all checks passed"
                """;
    }

    /** Returns the README for a package of {@code messageId} from the ledger of {@code gateway}. */
    static String readme(String gateway, String messageId, long firstEntry, long checkpointSeq, boolean timestamped,
            Collection<X509Certificate> trustAnchors) {
        StringBuilder fingerprints = new StringBuilder();
        for (X509Certificate anchor : trustAnchors) {
            fingerprints.append("- `").append(anchor.getSubjectX500Principal().getName()).append("`: SHA-256 ")
                    .append(fingerprint(anchor)).append('\n');
        }
        return """
                # Evidence package: message %1$s, ledger of %2$s

                This package shows, without the gateway, that the ledger of the %2$s gateway
                recorded message %1$s in the entries under `entries/`, and that those entries
                are unaltered: they link by hash to entry %4$d, whose hash the gateway signed in
                a checkpoint%5$s and that its partner gateways signed as received.

                ## Files

                | file | what it is |
                |---|---|
                | `message-entries.csv` | the ledger entries about the message, for reading; `verify.sh` checks the files under `entries/`, which are the evidence |
                | `entries/<seq>.txt` | ledger entries %3$d to %4$d, each the exact text its SHA-256 hash covers: the fields joined by the byte 0x1F, the last field being the previous entry's hash |
                | `entries/<seq>.sha256` | the hash recorded for that entry |
                | `checkpoint.p7s` | the signed checkpoint (CMS SignedData, DER) naming entry %4$d and its hash |
                | `checkpoint.tsr` | the RFC 3161 time-stamp response over `checkpoint.p7s`, when the gateway had an authority |
                | `acknowledgement-<county>.p7s` | each partner gateway's signed acknowledgement of the checkpoint |
                | `envelope-<sent or received>-<county>.p7m` | the encrypted envelope as sent or received, while its retention lasts |
                | `receipt-*.p7s` | the signed receipts about the message |
                | `certificates/trust-anchors.pem` | the root certificates of the gateway network's directory |
                | `certificates/tsa-chain.pem` | the certificates the time-stamp token carries |

                ## Checking it

                Check first that the trust anchors are the network's, by their fingerprints:

                %6$s
                Then run `TSA_ROOT=<the authority's root certificate> sh verify.sh`. It runs:

                1. `openssl cms -verify -binary -inform DER -in checkpoint.p7s -CAfile certificates/trust-anchors.pem -purpose any -out checkpoint.json`:
                   the checkpoint is signed by a gateway certificate of the network.
                2. `openssl ts -verify -data checkpoint.p7s -in checkpoint.tsr -CAfile "$TSA_ROOT" -untrusted certificates/tsa-chain.pem`:
                   an independent authority saw the signed checkpoint at the time in the token.
                3. `openssl cms -verify ... -in acknowledgement-<county>.p7s ...` for each partner,
                   and a comparison of its `headHash` with the checkpoint's.
                4. `openssl dgst -sha256 -r entries/<seq>.txt` for each entry, compared with
                   `entries/<seq>.sha256`, and each entry's last field compared with the hash of
                   the entry before it, up to the checkpoint's head hash.
                5. `openssl dgst -sha256 -r envelope-*.p7m`, found among the entries' digests, and
                   `openssl cms -verify` of each receipt.

                A partner holds its own copy of the checkpoint. Asking it for the checkpoint of
                entry %4$d shows that this one was not replaced.
                """.formatted(messageId, gateway, firstEntry, checkpointSeq, timestamped ? ", time-stamped" : "",
                fingerprints.toString());
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("the fingerprint of a trust anchor cannot be computed", e);
        }
    }
}
