import { byIdLoader, manyByLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
import { ContactPerson } from './contact-person.entity';
import { Guardian } from './guardian.entity';

export function peopleLoaders(dataSource: DataSource, rows: CasesReadRows) {
  const guardians = dataSource.getRepository(Guardian);
  return {
    guardianById: byIdLoader(guardians, rows.people),
    guardiansByChild: manyByLoader(guardians, 'childId', { property: 'lastName', direction: 'ASC' }, rows.people),
    contactPersonsByChild: manyByLoader(
      dataSource.getRepository(ContactPerson),
      'childId',
      { property: 'lastName', direction: 'ASC' },
      rows.people,
    ),
  };
}
