// Shared types for the Parley REST API and realtime protocol (see the server contract).

export interface User {
  id: string;
  name: string;
  username: string;
  createdAt: string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: User;
}

export interface MeetingOptions {
  title?: string;
  guestsAllowed?: boolean;
  lobby?: boolean;
  password?: string;
}

export interface CreatedMeeting {
  code: string;
  url: string;
  title: string;
  hostId: string;
  hostName: string;
  guestsAllowed: boolean;
  lobby: boolean;
  requiresPassword: boolean;
  locked: boolean;
  ended: boolean;
  createdAt: string;
}

export interface MeetingInfo {
  code: string;
  title: string;
  hostName: string;
  requiresPassword: boolean;
  lobby: boolean;
  guestsAllowed: boolean;
  locked: boolean;
  ended: boolean;
  participantCount: number;
}

export interface HistoryEntry {
  code: string;
  title: string;
  hostName: string;
  joinedAt: string;
  leftAt: string | null;
  durationSeconds: number | null;
  canRejoin: boolean;
}

export interface HistoryPage {
  meetings: HistoryEntry[];
  nextBefore: string | null;
}

/** The JSON body of every API error. */
export interface ApiErrorBody {
  error: string;
  message: string;
  field?: string;
}

// ---- realtime ----

export type Role = 'host' | 'member' | 'guest';
export type MeetingMode = 'mesh' | 'sfu';

export interface MediaState {
  audio: boolean;
  video: boolean;
  screen: boolean;
  hand: boolean;
}

export interface Participant {
  id: string;
  name: string;
  role: Role;
  media: MediaState;
}

export interface ChatMessage {
  id: string;
  from: string;
  name: string;
  text: string;
  at: string;
}

export interface IceServerConfig {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface SelfInfo {
  id: string;
  name: string;
  role: Role;
  resumeToken: string;
}

export interface MeetingSettings {
  code: string;
  title: string;
  locked: boolean;
  lobby: boolean;
  guestsAllowed: boolean;
}

export interface JoinedPayload {
  status: 'joined';
  self: SelfInfo;
  participants: Participant[];
  chat: ChatMessage[];
  mode: MeetingMode;
  iceServers: IceServerConfig[];
  meeting: MeetingSettings;
}

export type JoinErrorCode =
  | 'meeting_not_found'
  | 'meeting_ended'
  | 'meeting_locked'
  | 'password_required'
  | 'wrong_password'
  | 'guests_not_allowed'
  | 'meeting_full'
  | 'not_authenticated';

export interface AckError {
  ok: false;
  error: string;
  message?: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;

export interface SignalMessage {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
}

// ---- SFU signalling (meetings in 'sfu' mode) ----

export type SfuSource = 'audio' | 'video' | 'screen';

/** One m-section of our send connection, by its mid in the offer. */
export interface SfuPublishedTrack {
  mid: string;
  source: SfuSource;
}

/** One m-section of our receive connection: whose track it carries. */
export interface SfuSubscribedTrack {
  mid: string;
  participantId: string;
  source: SfuSource;
  kind: 'audio' | 'video';
}

/** The server's offer for our receive connection; `version` is echoed with the answer. */
export interface SfuOffer {
  sdp: string;
  version: number;
  tracks: SfuSubscribedTrack[];
}

export interface SfuTransportState {
  connection: 'send' | 'recv';
  state: 'connected' | 'disconnected' | 'failed';
}

export interface ServerToClientEvents {
  'participant:joined': (p: Participant) => void;
  'participant:left': (e: { id: string; reason?: string }) => void;
  'participant:updated': (e: {
    id: string;
    name?: string;
    role?: Role;
    media?: MediaState;
  }) => void;
  'rtc:signal': (e: SignalMessage & { from: string }) => void;
  'chat:message': (m: ChatMessage) => void;
  reaction: (e: { from: string; emoji: string }) => void;
  'host:mute-request': (e: object) => void;
  'meeting:removed': (e: object) => void;
  'meeting:updated': (e: Partial<MeetingSettings>) => void;
  'meeting:ended': (e: { reason?: string }) => void;
  'lobby:admitted': (p: JoinedPayload) => void;
  'lobby:denied': (e: { reason?: string }) => void;
  'lobby:request': (e: { id: string; name: string }) => void;
  /** After a switch to the SFU, `iceServers` replace the join answer's. */
  'meeting:mode': (e: { mode: MeetingMode; iceServers?: IceServerConfig[] }) => void;
  'sfu:offer': (offer: SfuOffer) => void;
  'sfu:transport': (e: SfuTransportState) => void;
}

type AckFn<T extends object = object> = (ack: Ack<T>) => void;

export interface ClientToServerEvents {
  'meeting:join': (
    req: { code: string; password?: string; resumeToken?: string },
    ack: (a: Ack<JoinedPayload> | { ok: true; status: 'waiting' }) => void,
  ) => void;
  'meeting:leave': (req: object, ack: AckFn) => void;
  'rtc:signal': (req: SignalMessage & { to: string }, ack?: AckFn) => void;
  'chat:send': (req: { text: string }, ack: AckFn<{ message: ChatMessage }>) => void;
  'media:state': (req: MediaState, ack?: AckFn) => void;
  reaction: (req: { emoji: string }, ack?: AckFn) => void;
  'host:mute': (req: { id: string }, ack: AckFn) => void;
  'host:remove': (req: { id: string }, ack: AckFn) => void;
  'host:promote': (req: { id: string }, ack: AckFn) => void;
  'meeting:lock': (req: { locked: boolean }, ack: AckFn) => void;
  'meeting:end': (req: object, ack: AckFn) => void;
  'lobby:admit': (req: { id: string }, ack: AckFn) => void;
  'lobby:deny': (req: { id: string }, ack: AckFn) => void;
  'sfu:publish': (
    req: { sdp: string; tracks: SfuPublishedTrack[] },
    ack: AckFn<{ sdp: string }>,
  ) => void;
  'sfu:answer': (req: { version: number; sdp: string }, ack: AckFn) => void;
  'sfu:restart': (req: object, ack: AckFn) => void;
}
