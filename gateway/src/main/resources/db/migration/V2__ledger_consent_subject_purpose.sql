-- The policy decision of a step names the consents it relied on and the purpose of use, and
-- the subject pseudonym (a keyed hash, never an identifier) lets an officer list one youth's
-- disclosures. All three are covered by the entry hash.
ALTER TABLE ledger_entry ADD COLUMN consent_ids VARCHAR(512);
ALTER TABLE ledger_entry ADD COLUMN subject_pseudonym VARCHAR(64);
ALTER TABLE ledger_entry ADD COLUMN purpose VARCHAR(40);
CREATE INDEX ledger_entry_subject ON ledger_entry (subject_pseudonym);
