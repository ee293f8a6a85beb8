-- One row per step a message takes through this gateway. Rows hold ids, types, agencies,
-- decisions and digests, never payload content. Each row carries the hash of the previous
-- row, so an edited, removed or inserted row breaks the chain.
CREATE TABLE ledger_entry (
    seq              BIGINT                   NOT NULL PRIMARY KEY,
    recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    gateway          VARCHAR(64)              NOT NULL,
    event            VARCHAR(40)              NOT NULL,
    message_id       VARCHAR(64),
    exchange_type    VARCHAR(64),
    sender_agency    VARCHAR(128),
    recipient_agency VARCHAR(128),
    decision         VARCHAR(16)              NOT NULL,
    reason_code      VARCHAR(64),
    mou_clause       VARCHAR(256),
    payload_digest   VARCHAR(100),
    actor            VARCHAR(256),
    previous_hash    VARCHAR(64)              NOT NULL,
    entry_hash       VARCHAR(64)              NOT NULL
);
CREATE INDEX ledger_entry_message_id ON ledger_entry (message_id);

-- Messages accepted from this county's agencies, by MessageHeader id.
CREATE TABLE outbound_message (
    message_id     VARCHAR(64)              NOT NULL PRIMARY KEY,
    exchange_type  VARCHAR(64)              NOT NULL,
    sender_agency  VARCHAR(128)             NOT NULL,
    payload_digest VARCHAR(100)             NOT NULL,
    accepted_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Where each accepted message stands for each recipient agency.
CREATE TABLE delivery_status (
    message_id       VARCHAR(64)              NOT NULL,
    recipient_agency VARCHAR(128)             NOT NULL,
    recipient_county VARCHAR(64)              NOT NULL,
    status           VARCHAR(20)              NOT NULL,
    reason_code      VARCHAR(64),
    reason           VARCHAR(500),
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message_id, recipient_agency)
);

-- Signed receipts received from partner gateways (base64 of the CMS SignedData). kind is
-- "delivered", or "acknowledged:<agency-id>" for each acknowledging agency.
CREATE TABLE receipt (
    message_id     VARCHAR(64)              NOT NULL,
    county         VARCHAR(64)              NOT NULL,
    kind           VARCHAR(200)             NOT NULL,
    signed_receipt VARCHAR(1000000)         NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message_id, county, kind)
);

-- Messages this gateway opened, for replay detection and to answer a repeated delivery of
-- the same envelope with the same receipt.
CREATE TABLE opened_message (
    message_id      VARCHAR(64)              NOT NULL PRIMARY KEY,
    exchange_type   VARCHAR(64)              NOT NULL,
    sender_agency   VARCHAR(128)             NOT NULL,
    sender_county   VARCHAR(64)              NOT NULL,
    envelope_digest VARCHAR(100)             NOT NULL,
    signed_receipt  VARCHAR(1000000)         NOT NULL,
    opened_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Inbox messages per recipient agency and whether the agency acknowledged them. The
-- payload itself waits in the agency's inbox queue of the broker.
CREATE TABLE inbox_entry (
    message_id       VARCHAR(64)              NOT NULL,
    recipient_agency VARCHAR(128)             NOT NULL,
    sender_agency    VARCHAR(128)             NOT NULL,
    sender_county    VARCHAR(64)              NOT NULL,
    exchange_type    VARCHAR(64)              NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    acknowledged_at  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (message_id, recipient_agency)
);
