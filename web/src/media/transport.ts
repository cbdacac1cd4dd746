import type { IceServerConfig, MeetingMode, SignalMessage } from '../api/types';
import type { LinkState, RemoteMedia, TrackSlot } from './peerLink';

/**
 * What the meeting needs from a media transport. The mesh (one peer connection
 * per remote participant) implements it today; an SFU client will implement the
 * same interface, chosen by the `mode` the server returns on join.
 */
export interface MediaTransport {
  readonly mode: MeetingMode;
  /** Remote participants the transport currently has media paths to. */
  readonly participantIds: string[];
  addParticipant(id: string): void;
  removeParticipant(id: string): void;
  handleSignal(from: string, message: SignalMessage): void;
  setLocalTrack(slot: TrackSlot, track: MediaStreamTrack | null): Promise<void>;
  /** New ICE generation on every connection, e.g. after the signalling socket reconnected. */
  restartIce(): void;
  statsReports(): Promise<Map<string, RTCStatsReport>>;
  audioLevels(): Map<string, number>;
  close(): void;
}

export interface TransportEvents {
  onRemoteMedia(participantId: string, media: RemoteMedia): void;
  onLinkState(participantId: string, state: LinkState): void;
}

export interface TransportOptions extends TransportEvents {
  selfId: string;
  iceServers: IceServerConfig[];
  sendSignal(to: string, message: SignalMessage): void;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  createMediaStream?: (tracks: MediaStreamTrack[]) => MediaStream;
  log?: (message: string, detail?: unknown) => void;
  politeHoldMs?: number;
}

export class UnsupportedModeError extends Error {
  constructor(readonly mode: string) {
    super(`This meeting uses the "${mode}" media mode, which this app does not support yet.`);
    this.name = 'UnsupportedModeError';
  }
}
