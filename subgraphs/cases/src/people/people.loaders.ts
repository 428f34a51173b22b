import { byIdLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import type { CasesReadRows } from '../access/row-policy';
import { manyWhereLoader } from '../access/scoped-rows';
import { ContactPerson } from './contact-person.entity';
import { Guardian } from './guardian.entity';

export function peopleLoaders(dataSource: DataSource, rows: CasesReadRows) {
  const guardians = dataSource.getRepository(Guardian);
  return {
    guardianById: byIdLoader(guardians, rows.people),
    guardiansByChild: manyWhereLoader(guardians, 'childId', { property: 'lastName', direction: 'ASC' }, rows.people),
    contactPersonsByChild: manyWhereLoader(
      dataSource.getRepository(ContactPerson),
      'childId',
      { property: 'lastName', direction: 'ASC' },
      rows.people,
    ),
  };
}
