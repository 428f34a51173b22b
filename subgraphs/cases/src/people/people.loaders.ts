import { byIdLoader, manyByLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { ContactPerson } from './contact-person.entity';
import { Guardian } from './guardian.entity';

export function peopleLoaders(dataSource: DataSource) {
  const guardians = dataSource.getRepository(Guardian);
  return {
    guardianById: byIdLoader(guardians),
    guardiansByChild: manyByLoader(guardians, 'childId', { property: 'lastName', direction: 'ASC' }),
    contactPersonsByChild: manyByLoader(dataSource.getRepository(ContactPerson), 'childId', {
      property: 'lastName',
      direction: 'ASC',
    }),
  };
}
