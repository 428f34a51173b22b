import { randomUUID } from 'node:crypto';
import { placeableChild } from './law-support';
import { startTestStack, type TestStack } from './support/stack';
import { SETUP_TIMEOUT_MS } from './support/timeouts';

/** Registering a facility and changing its approved places, through the gateway. */

const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterFacilityInput!) {
    registerFacility(input: $input) {
      id version name kind capacity confidentialAddress finess operator { id }
      capacityByAgeBand { ageBand places }
    }
  }
`;
const SET_PLACES = /* GraphQL */ `
  mutation ($input: SetFacilityPlacesInput!) { setFacilityPlaces(input: $input) { version capacity capacityByAgeBand { ageBand places } } }
`;

describe('a facility is registered with its approved places, which then change', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ children: 10 });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.stop());

  const operatorId = randomUUID();
  const fosterCarer = {
    name: 'Assistant familial Le Bihan',
    kind: 'FOSTER_CARER',
    operatorId,
    address: '3 rue des Écoles',
    postalCode: '44190',
    commune: 'Clisson',
    communeCode: '44043',
    approvedOn: '2024-03-01',
    approvalExpiresOn: '2029-02-28',
    places: [{ ageBand: 'TEEN', places: 1 }, { ageBand: 'CHILD', places: 1 }],
  };

  it('refuses a malformed FINESS number and a band listed twice, writing nothing', async () => {
    const finess = await stack.query<any>(REGISTER, { input: { ...fosterCarer, kind: 'CHILDRENS_HOME', finess: '12345' } });
    expect(finess.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.finess' });
    const tooMany = await stack.query<any>(REGISTER, { input: { ...fosterCarer, places: [{ ageBand: 'TEEN', places: 1 }, { ageBand: 'CHILD', places: 500 }] } });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.places.1.places' });
    const twice = await stack.query<any>(REGISTER, { input: { ...fosterCarer, places: [{ ageBand: 'TEEN', places: 1 }, { ageBand: 'TEEN', places: 2 }] } });
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.places.1.ageBand' });
    const listed = await stack.query<any>(`{ facilities(communeCode: "44043", kind: FOSTER_CARER, first: 100) { nodes { name } } }`);
    expect(listed.data.facilities.nodes.map((f: any) => f.name)).not.toContain(fosterCarer.name);
  });

  it('registers a foster carer (confidential address by default), finds it by vacancy, then changes its places', async () => {
    const registered = await stack.query<any>(REGISTER, { input: fosterCarer });
    expect(registered.errors).toBeUndefined();
    const facility = registered.data.registerFacility;
    expect(facility).toMatchObject({ kind: 'FOSTER_CARER', capacity: 2, confidentialAddress: true, finess: null, operator: { id: operatorId } });
    expect(facility.capacityByAgeBand).toEqual([
      { ageBand: 'INFANT', places: 0 },
      { ageBand: 'CHILD', places: 1 },
      { ageBand: 'TEEN', places: 1 },
      { ageBand: 'YOUNG_ADULT', places: 0 },
    ]);
    const found = await stack.query<any>(`{ facilitiesWithVacancy(childAge: 15, communeCode: "44043", nearby: false, first: 100) { nodes { id } } }`);
    expect(found.data.facilitiesWithVacancy.nodes.map((f: any) => f.id)).toContain(facility.id);

    const placed = await stack.query<any>(`mutation ($input: PlaceChildInput!) { placeChild(input: $input) { id } }`, {
      input: { ...(await placeableChild(stack, 15, '2026-11-02')), facilityId: facility.id, startDate: '2026-11-02' },
    });
    expect(placed.errors).toBeUndefined();
    const full = await stack.query<any>(`{ facilitiesWithVacancy(childAge: 15, communeCode: "44043", nearby: false, first: 100) { nodes { id } } }`);
    expect(full.data.facilitiesWithVacancy.nodes.map((f: any) => f.id)).not.toContain(facility.id);

    const below = await stack.query<any>(SET_PLACES, { input: { id: facility.id, version: facility.version, places: [{ ageBand: 'TEEN', places: 0 }] } });
    expect(below.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.places.0.places' });
    const more = await stack.query<any>(SET_PLACES, { input: { id: facility.id, version: facility.version, places: [{ ageBand: 'TEEN', places: 2 }] } });
    expect(more.errors).toBeUndefined();
    expect(more.data.setFacilityPlaces).toMatchObject({ version: facility.version + 1, capacity: 3 });
    const stale = await stack.query<any>(SET_PLACES, { input: { id: facility.id, version: facility.version, places: [{ ageBand: 'INFANT', places: 1 }] } });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: facility.version + 1 });
    const again = await stack.query<any>(`{ facilitiesWithVacancy(childAge: 15, communeCode: "44043", nearby: false, first: 100) { nodes { id occupancy { vacancies } } } }`);
    expect(again.data.facilitiesWithVacancy.nodes.find((f: any) => f.id === facility.id)).toEqual({ id: facility.id, occupancy: { vacancies: 2 } });
  });

  it('names the argument at fault in queries too', async () => {
    const page = await stack.query<any>(`{ facilities(first: 1000) { nodes { id } } }`);
    expect(page.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    const age = await stack.query<any>(`{ facilitiesWithVacancy(childAge: 30, communeCode: "44109") { nodes { id } } }`);
    expect(age.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'childAge' });
    const commune = await stack.query<any>(`{ facilitiesWithVacancy(childAge: 3, communeCode: "Nantes") { nodes { id } } }`);
    expect(commune.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'communeCode' });
  });
});
