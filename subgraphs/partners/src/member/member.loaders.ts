import { byIdLoader, pagesByParentLoader } from '@passerelle/common';
import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Team } from '../team/team.entity';
import { PartnerMember } from './member.entity';

export function memberLoaders(dataSource: DataSource) {
  const members = dataSource.getRepository(PartnerMember);
  return {
    memberById: byIdLoader(members),
    teamById: byIdLoader(dataSource.getRepository(Team)),
    /** By professional email (keys lower-cased by the caller); one statement per batch. */
    memberByEmail: new DataLoader<string, PartnerMember | null>(async (emails) => {
      const rows = await members.findBy({ email: In([...emails]) });
      const byEmail = new Map(rows.map((row) => [row.email, row]));
      return emails.map((email) => byEmail.get(email) ?? null);
    }),
    membersByPartner: pagesByParentLoader(members, 'partnerId', { property: 'lastName', direction: 'ASC' }),
  };
}
