import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in with an OpenID Connect provider (issue 16): a member may be linked to the provider's
 * subject (`oidc_subject`, for OIDC_MEMBER_MATCH=subject), and holds the Passerelle scopes an
 * administrator gave them (`scopes`: audit:read, audit:dpo, webhook:admin…), which a provider's
 * token never sets. Both are read by `_identify`; the partner_member trigger already notifies the
 * gateway's directory cache of any change.
 */
export class MemberIdentity1765100000000 implements MigrationInterface {
  name = 'MemberIdentity1765100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE partners.partner_member
      ADD COLUMN oidc_subject text CONSTRAINT partner_member_oidc_subject_unique UNIQUE
        CONSTRAINT partner_member_oidc_subject_check CHECK (char_length(oidc_subject) BETWEEN 1 AND 255),
      ADD COLUMN scopes text[] NOT NULL DEFAULT '{}'
        CONSTRAINT partner_member_scopes_check CHECK (array_to_string(scopes, ' ') ~ '^([a-z]+:[a-z]+( |$))*$')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE partners.partner_member DROP COLUMN scopes, DROP COLUMN oidc_subject`);
  }
}
