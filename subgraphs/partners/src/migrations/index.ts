import { Retention1765200000000 } from './1765200000000-Retention';
import { Partners1764150000000 } from './1764150000000-Partners';
import { PartnerRegistry1764160000000 } from './1764160000000-PartnerRegistry';
import { SliceDeclarations1764170000000 } from './1764170000000-SliceDeclarations';
import { Invalidation1764800000000 } from './1764800000000-Invalidation';
import { ConcernSenderKinds1764920000000 } from './1764920000000-ConcernSenderKinds';
import { Teams1764970000000 } from './1764970000000-Teams';
import { MemberIdentity1765100000000 } from './1765100000000-MemberIdentity';

/** Every migration of the partners schema, in order. */
export const migrations = [Partners1764150000000, PartnerRegistry1764160000000, SliceDeclarations1764170000000, Invalidation1764800000000, ConcernSenderKinds1764920000000, Teams1764970000000, MemberIdentity1765100000000, Retention1765200000000];
