import { describe, expect, it } from 'vitest';
import { CandidateQueue, isPolite, judgeRemoteDescription } from './negotiation';

const idle = { makingOffer: false, settingRemoteAnswer: false };

describe('judgeRemoteDescription', () => {
  it('applies an offer that arrives while stable and idle', () => {
    expect(judgeRemoteDescription(false, 'stable', idle, 'offer')).toBe('apply');
  });

  it('impolite peer ignores an offer that collides with its own', () => {
    expect(judgeRemoteDescription(false, 'have-local-offer', idle, 'offer')).toBe('ignore');
    const making = { makingOffer: true, settingRemoteAnswer: false };
    expect(judgeRemoteDescription(false, 'stable', making, 'offer')).toBe('ignore');
  });

  it('polite peer accepts a colliding offer (and rolls back its own)', () => {
    expect(judgeRemoteDescription(true, 'have-local-offer', idle, 'offer')).toBe('apply');
  });

  it('an offer arriving while an answer is being applied is no collision', () => {
    const answering = { makingOffer: false, settingRemoteAnswer: true };
    expect(judgeRemoteDescription(false, 'have-local-offer', answering, 'offer')).toBe('apply');
  });

  it('answers are always applied', () => {
    expect(judgeRemoteDescription(false, 'have-local-offer', idle, 'answer')).toBe('apply');
  });
});

describe('isPolite', () => {
  it('gives the two ends opposite roles', () => {
    expect(isPolite('a', 'b')).toBe(true);
    expect(isPolite('b', 'a')).toBe(false);
  });
});

describe('CandidateQueue', () => {
  it('drains in arrival order and empties', () => {
    const q = new CandidateQueue();
    q.push({ candidate: '1' });
    q.push({ candidate: '2' });
    expect(q.size).toBe(2);
    expect(q.drain().map((c) => c.candidate)).toEqual(['1', '2']);
    expect(q.size).toBe(0);
  });
});
