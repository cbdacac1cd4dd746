import type {
  IceServerConfig,
  MeetingMode,
  SfuOffer,
  SfuPublishedTrack,
  SfuTransportState,
  SignalMessage,
} from '../api/types';
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

/**
 * The SFU's signalling as the SFU client needs it (requests reject with the ack's error code).
 * The meeting session builds it over the realtime socket.
 */
export interface SfuSignalling {
  /** `sfu:publish`: our send connection's offer; resolves to the SFU's answer SDP. */
  publish(sdp: string, tracks: SfuPublishedTrack[]): Promise<string>;
  /** `sfu:answer`: our answer to the receive-connection offer `version`. */
  answer(version: number, sdp: string): Promise<void>;
  /** `sfu:restart`: asks for an ICE restart of the receive connection (a fresh offer follows). */
  restart(): Promise<void>;
  /** Receive-connection offers in arrival order, including any that came before the call. */
  onOffer(handler: (offer: SfuOffer) => void): () => void;
  /** The server's view of our connections (advisory). */
  onTransportState(handler: (e: SfuTransportState) => void): () => void;
}

export interface TransportOptions extends TransportEvents {
  selfId: string;
  iceServers: IceServerConfig[];
  sendSignal(to: string, message: SignalMessage): void;
  /** Required for the 'sfu' mode. */
  sfu?: SfuSignalling;
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
