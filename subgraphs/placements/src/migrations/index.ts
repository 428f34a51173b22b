import { RetentionIndexes1765200000001 } from './1765200000001-RetentionIndexes';
import { Retention1765200000000 } from './1765200000000-Retention';
import { Placements1764150000000 } from './1764150000000-Placements';
import { PlacementsDomain1764300000000 } from './1764300000000-PlacementsDomain';
import { Invalidation1764800000000 } from './1764800000000-Invalidation';
import { VisitWeek1764980000000 } from './1764980000000-VisitWeek';
import { NotificationOutbox1765000000000 } from './1765000000000-NotificationOutbox';
import { InboxOrderIndex1765620000000 } from './1765620000000-InboxOrderIndex';

/** Every migration of the placements schema, in order. */
export const migrations = [Placements1764150000000, PlacementsDomain1764300000000, Invalidation1764800000000, VisitWeek1764980000000, NotificationOutbox1765000000000, Retention1765200000000, RetentionIndexes1765200000001, InboxOrderIndex1765620000000];
