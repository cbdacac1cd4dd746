/**
 * The decision half of "perfect negotiation" (W3C WebRTC spec, section 10.7),
 * kept free of RTCPeerConnection so it can be unit-tested alone.
 *
 * The polite peer yields on an offer collision (rolls back its own offer and
 * answers the remote one); the impolite peer ignores the colliding remote offer
 * and waits for the answer to its own.
 */
export interface NegotiationFlags {
  makingOffer: boolean;
  /** True while an answer is being applied: we are about to be `stable` again. */
  settingRemoteAnswer: boolean;
}

export type DescriptionVerdict = 'apply' | 'ignore';

export function judgeRemoteDescription(
  polite: boolean,
  signalingState: RTCSignalingState,
  flags: NegotiationFlags,
  type: RTCSdpType,
): DescriptionVerdict {
  const readyForOffer =
    !flags.makingOffer && (signalingState === 'stable' || flags.settingRemoteAnswer);
  const collision = type === 'offer' && !readyForOffer;
  return collision && !polite ? 'ignore' : 'apply';
}

/** Both ends derive opposite roles from the two participant ids, with no extra signalling. */
export function isPolite(selfId: string, remoteId: string): boolean {
  return selfId < remoteId;
}

/**
 * ICE candidates that arrive before the remote description are held here and
 * flushed right after it is set, in arrival order.
 */
export class CandidateQueue {
  private pending: RTCIceCandidateInit[] = [];

  get size(): number {
    return this.pending.length;
  }

  push(candidate: RTCIceCandidateInit): void {
    this.pending.push(candidate);
  }

  drain(): RTCIceCandidateInit[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  clear(): void {
    this.pending = [];
  }
}
