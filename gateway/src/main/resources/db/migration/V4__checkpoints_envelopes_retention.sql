-- Signed checkpoints of this gateway's ledger: the sequence number and hash of the entry that
-- was the head when the checkpoint was made. signed is the gateway's CMS SignedData in base64.
-- timestamp_token is the RFC 3161 TimeStampResp in base64, or null when no authority is
-- configured or it could not be reached.
CREATE TABLE ledger_checkpoint (
    seq             BIGINT                   NOT NULL PRIMARY KEY,
    head_hash       VARCHAR(64)              NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    signed          VARCHAR(100000)          NOT NULL,
    timestamp_token VARCHAR(100000)
);

-- One row per checkpoint and partner gateway: the partner's signed acknowledgement (base64),
-- or null while the checkpoint still waits to be sent again.
CREATE TABLE checkpoint_witness (
    seq             BIGINT                   NOT NULL,
    county          VARCHAR(64)              NOT NULL,
    acknowledgement VARCHAR(100000),
    attempts        INTEGER                  NOT NULL,
    last_error      VARCHAR(64),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (seq, county)
);

-- Checkpoints that partner gateways sent to this gateway, with the acknowledgement this
-- gateway signed for each.
CREATE TABLE witnessed_checkpoint (
    county          VARCHAR(64)              NOT NULL,
    seq             BIGINT                   NOT NULL,
    head_hash       VARCHAR(64)              NOT NULL,
    signed          VARCHAR(100000)          NOT NULL,
    acknowledgement VARCHAR(100000)          NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (county, seq)
);

-- Envelopes as sent to or received from a partner county, kept as evidence until the
-- retention ends. direction is "sent" or "received". envelope contains the DER bytes in base64
-- and is null once purged.
CREATE TABLE message_envelope (
    message_id      VARCHAR(64)              NOT NULL,
    county          VARCHAR(64)              NOT NULL,
    direction       VARCHAR(8)               NOT NULL,
    envelope_digest VARCHAR(100)             NOT NULL,
    envelope        TEXT,
    stored_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    retain_until    TIMESTAMP WITH TIME ZONE,
    purged_at       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (message_id, county, direction)
);

-- Retention of inbox payloads. A null retain_until means the default of
-- gateway.retention.default-days counted from received_at.
ALTER TABLE inbox_entry ADD COLUMN retain_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE inbox_entry ADD COLUMN purged_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX ledger_entry_recorded_at ON ledger_entry (recorded_at);
