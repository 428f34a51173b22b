import { byIdLoader, manyByLoader, notArchived, pagesByParentLoader } from '@passerelle/common';
import type { DataSource } from 'typeorm';
import { Child } from '../child/child.entity';
import {
  AdopterApproval,
  AdoptionFollowUp,
  AdoptionPlacement,
  FamilyCouncilDecision,
  FamilyCouncilMeeting,
  FamilyCouncilMember,
  WardFile,
} from './adoption.entity';

/**
 * The adoption files (matrix ADOPTION). No row condition: the category is the adoption team's,
 * for the whole département, and every entry point (root queries, `Child.wardFile`, mutations)
 * refuses a principal without it first (adoption.service.ts `requireAdoptionTeam`) — so these
 * loaders only ever run for the team. One statement per batch.
 */
export function adoptionLoaders(dataSource: DataSource) {
  const wards = dataSource.getRepository(WardFile);
  return {
    // An archived child's ward file, decisions and placements leave the team's reads as every other
    // file does (retention: only the archivist reads the archive, through personalFile).
    wardFileById: byIdLoader(wards, notArchived('cases', 'child_id')),
    wardFilesByChild: manyByLoader(wards, 'childId', { property: 'admittedOn', direction: 'DESC' }),
    /** A ward's child for the adoption team: the ward file opens its child's identity, whatever the member's child slice. */
    wardChildById: byIdLoader(dataSource.getRepository(Child), notArchived('cases', 'id')),
    familyCouncilMemberById: byIdLoader(dataSource.getRepository(FamilyCouncilMember)),
    familyCouncilMeetingById: byIdLoader(dataSource.getRepository(FamilyCouncilMeeting)),
    decisionById: byIdLoader(dataSource.getRepository(FamilyCouncilDecision), notArchived('cases', 'child_id')),
    decisionsByWard: pagesByParentLoader(dataSource.getRepository(FamilyCouncilDecision), 'wardFileId', { property: 'decidedOn', direction: 'DESC' }),
    decisionsByMeeting: manyByLoader(dataSource.getRepository(FamilyCouncilDecision), 'meetingId', { property: 'decidedOn', direction: 'ASC' }),
    approvalById: byIdLoader(dataSource.getRepository(AdopterApproval)),
    adoptionPlacementById: byIdLoader(dataSource.getRepository(AdoptionPlacement), notArchived('cases', 'child_id')),
    adoptionPlacementsByWard: manyByLoader(dataSource.getRepository(AdoptionPlacement), 'wardFileId', { property: 'placedOn', direction: 'DESC' }),
    adoptionPlacementsByApproval: manyByLoader(dataSource.getRepository(AdoptionPlacement), 'approvalId', { property: 'placedOn', direction: 'DESC' }),
    followUpsByPlacement: pagesByParentLoader(dataSource.getRepository(AdoptionFollowUp), 'placementId', { property: 'visitedOn', direction: 'DESC' }),
  };
}
