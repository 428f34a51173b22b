import { GraphQLError } from 'graphql';
import { CONCERN_TRANSITIONS, senderOutcome } from './concern/concern.lifecycle';
import { ConcernStatus, SenderOutcome } from './concern/concern.enums';
import { assertTransition } from './lifecycle';
import { MEASURE_TRANSITIONS } from './measure/measure.lifecycle';
import { MeasureStatus } from './measure/measure.enums';

function refusal(run: () => void): GraphQLError {
  try {
    run();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('the transition was allowed');
}

describe('lifecycles', () => {
  it('lets a concern go RECEIVED → ACKNOWLEDGED → IN_EVALUATION → an outcome, and nowhere from a final state but a return for evaluation', () => {
    const path = [ConcernStatus.RECEIVED, ConcernStatus.ACKNOWLEDGED, ConcernStatus.IN_EVALUATION, ConcernStatus.ADMINISTRATIVE_SUPPORT];
    for (let k = 1; k < path.length; k++) {
      expect(() => assertTransition('Concern', 'c', CONCERN_TRANSITIONS, path[k - 1]!, path[k]!)).not.toThrow();
    }
    expect(CONCERN_TRANSITIONS.CLOSED_NO_ACTION).toEqual([]);
    expect(CONCERN_TRANSITIONS.REFERRED_TO_PROSECUTOR).toEqual([ConcernStatus.ACKNOWLEDGED]);
  });

  it('refuses with BAD_USER_INPUT naming the current and the requested state', () => {
    const error = refusal(() => assertTransition('Concern', 'c1', CONCERN_TRANSITIONS, ConcernStatus.RECEIVED, ConcernStatus.CLOSED_NO_ACTION));
    expect(error.message).toBe('Concern c1 is RECEIVED: it cannot become CLOSED_NO_ACTION (from RECEIVED it can become ACKNOWLEDGED)');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', currentStatus: 'RECEIVED', requestedStatus: 'CLOSED_NO_ACTION' });
  });

  it('lets a measure be renewed any number of times, and never reopens a closed one', () => {
    expect(MEASURE_TRANSITIONS.RENEWED).toContain(MeasureStatus.RENEWED);
    const error = refusal(() => assertTransition('Measure', 'm', MEASURE_TRANSITIONS, MeasureStatus.LIFTED, MeasureStatus.ACTIVE));
    expect(error.message).toContain('LIFTED is final');
  });

  it('tells the sender what became of its concern without the evaluation', () => {
    expect(senderOutcome(ConcernStatus.IN_EVALUATION)).toBe(SenderOutcome.BEING_PROCESSED);
    expect(senderOutcome(ConcernStatus.REFERRED_TO_PROSECUTOR)).toBe(SenderOutcome.REFERRED_TO_JUSTICE);
  });
});
