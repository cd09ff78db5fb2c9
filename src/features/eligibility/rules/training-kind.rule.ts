import { result, Rule } from './rule';
import { listEn, listNl, trainingKindEn, trainingKindNl } from './wording';

/** The training is of a kind the programme pays for (bij-, om- or herscholing). */
export const trainingKindRule: Rule = ({ application, programme }) => {
  const kind = application.training.kind;
  if (programme.trainingKinds.includes(kind)) {
    return result(
      'training-kind',
      'pass',
      `Het soort opleiding (${trainingKindNl(kind)}) valt onder de regeling.`,
      `The kind of training (${trainingKindEn(kind)}) is covered by the programme.`,
    );
  }
  return result(
    'training-kind',
    'fail',
    `Het soort opleiding (${trainingKindNl(kind)}) valt niet onder de regeling; die betaalt ${listNl(programme.trainingKinds.map(trainingKindNl))}.`,
    `The kind of training (${trainingKindEn(kind)}) is not covered by the programme, which pays for ${listEn(programme.trainingKinds.map(trainingKindEn))}.`,
  );
};
