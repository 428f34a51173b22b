import { RetentionIndexes1765200000001 } from './1765200000001-RetentionIndexes';
import { Retention1765200000000 } from './1765200000000-Retention';
import { Children1764150000000 } from './1764150000000-Children';
import { CaseFile1764160000000 } from './1764160000000-CaseFile';
import { ChildCommune1764170000000 } from './1764170000000-ChildCommune';
import { ConcernSenders1764180000000 } from './1764180000000-ConcernSenders';
import { Invalidation1764800000000 } from './1764800000000-Invalidation';
import { MeasureDecider1764913000000 } from './1764913000000-MeasureDecider';
import { ConcernSenderKinds1764920000000 } from './1764920000000-ConcernSenderKinds';
import { FamilyAgreements1764921000000 } from './1764921000000-FamilyAgreements';
import { ChildReferents1764960000000 } from './1764960000000-ChildReferents';
import { DepartmentSlice1764970000000 } from './1764970000000-DepartmentSlice';
import { NotificationOutbox1765000000000 } from './1765000000000-NotificationOutbox';
import { WardsAndAdoption1765100000000 } from './1765100000000-WardsAndAdoption';
import { ScopeIndexes1765300000000 } from './1765300000000-ScopeIndexes';
import { AssociationScopeIndexes1765400000000 } from './1765400000000-AssociationScopeIndexes';
import { ListOrderIndexes1765500000000 } from './1765500000000-ListOrderIndexes';
import { ChildCommuneNotifies1765610000000 } from './1765610000000-ChildCommuneNotifies';
import { InboxOrderIndex1765620000000 } from './1765620000000-InboxOrderIndex';
import { MemberPartsNotify1765630000000 } from './1765630000000-MemberPartsNotify';
import { HearingLinksNotify1765640000000 } from './1765640000000-HearingLinksNotify';
import { ChildJoinsNotify1765650000000 } from './1765650000000-ChildJoinsNotify';

/** Every migration of the cases schema, in order. */
export const migrations = [Children1764150000000, CaseFile1764160000000, ChildCommune1764170000000, ConcernSenders1764180000000, Invalidation1764800000000, MeasureDecider1764913000000, ConcernSenderKinds1764920000000, FamilyAgreements1764921000000, ChildReferents1764960000000, DepartmentSlice1764970000000, NotificationOutbox1765000000000, WardsAndAdoption1765100000000, Retention1765200000000, RetentionIndexes1765200000001, ScopeIndexes1765300000000, AssociationScopeIndexes1765400000000, ListOrderIndexes1765500000000, ChildCommuneNotifies1765610000000, InboxOrderIndex1765620000000, MemberPartsNotify1765630000000, HearingLinksNotify1765640000000, ChildJoinsNotify1765650000000];
