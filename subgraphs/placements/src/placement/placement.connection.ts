import { Connection } from '@passerelle/common';
import { Placement } from './placement.entity';

export const PlacementConnection = Connection(Placement);
