import { result, Rule } from './rule';
import { listEn, listNl, targetGroupEn, targetGroupNl } from './wording';

/** The applicant belongs to one of the programme's target groups. */
export const targetGroupRule: Rule = ({ application, programme }) => {
  const group = application.applicant.targetGroup;
  if (programme.targetGroups.includes(group)) {
    return result(
      'target-group',
      'pass',
      `De doelgroep ${targetGroupNl(group)} valt onder de regeling.`,
      `The target group ${targetGroupEn(group)} is covered by the programme.`,
    );
  }
  return result(
    'target-group',
    'fail',
    `De doelgroep ${targetGroupNl(group)} valt niet onder de regeling; die is voor ${listNl(programme.targetGroups.map(targetGroupNl))}.`,
    `The target group ${targetGroupEn(group)} is not covered by the programme, which is for ${listEn(programme.targetGroups.map(targetGroupEn))}.`,
  );
};
