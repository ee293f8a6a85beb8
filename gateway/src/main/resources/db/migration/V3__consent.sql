-- Youth consents recorded by the agencies of this county. The FHIR Consent itself is kept as
-- JSON, because the policy engine evaluates its provisions and a message carries a copy. The
-- subject columns contain the youth identifier the Consent names (system and value), so intake
-- finds the consents for the youth of a message. They never reach the ledger.
CREATE TABLE consent_record (
    id              VARCHAR(64)              NOT NULL PRIMARY KEY,
    agency          VARCHAR(128)             NOT NULL,
    subject_system  VARCHAR(256)             NOT NULL,
    subject_value   VARCHAR(128)             NOT NULL,
    status          VARCHAR(20)              NOT NULL,
    digest          VARCHAR(100)             NOT NULL,
    resource        VARCHAR(1000000)         NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX consent_record_subject ON consent_record (agency, subject_system, subject_value);
