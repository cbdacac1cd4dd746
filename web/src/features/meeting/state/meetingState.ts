import type {
  ChatMessage,
  JoinedPayload,
  MediaState,
  MeetingMode,
  MeetingSettings,
  Participant,
  Role,
  SelfInfo,
} from '../../../api/types';
import type { LinkState, Quality, RemoteMedia } from '../../../media';

export type Phase =
  'idle' | 'connecting' | 'waiting' | 'joined' | 'left' | 'removed' | 'ended' | 'denied' | 'failed';

export interface Reaction {
  key: number;
  from: string;
  name: string;
  emoji: string;
}

export interface LobbyRequest {
  id: string;
  name: string;
}

export interface MeetingState {
  phase: Phase;
  /** Signalling socket is down and we are trying to get back in. */
  reconnecting: boolean;
  error: { code: string; message: string } | null;
  self: SelfInfo | null;
  selfMedia: MediaState;
  meeting: MeetingSettings | null;
  mode: MeetingMode | null;
  /** Remote participants in join order. */
  participants: Participant[];
  remoteMedia: Record<string, RemoteMedia>;
  linkStates: Record<string, LinkState>;
  quality: Record<string, Quality>;
  chat: ChatMessage[];
  chatOpen: boolean;
  unread: number;
  lobbyRequests: LobbyRequest[];
  reactions: Reaction[];
  pinnedId: string | null;
  activeSpeakerId: string | null;
  /** Our own camera and screen, for our tiles. */
  localCamera: MediaStream | null;
  localScreen: MediaStream | null;
  notice: { key: number; text: string } | null;
}

export const initialMediaState: MediaState = {
  audio: false,
  video: false,
  screen: false,
  hand: false,
};

export function initialMeetingState(): MeetingState {
  return {
    phase: 'idle',
    reconnecting: false,
    error: null,
    self: null,
    selfMedia: initialMediaState,
    meeting: null,
    mode: null,
    participants: [],
    remoteMedia: {},
    linkStates: {},
    quality: {},
    chat: [],
    chatOpen: false,
    unread: 0,
    lobbyRequests: [],
    reactions: [],
    pinnedId: null,
    activeSpeakerId: null,
    localCamera: null,
    localScreen: null,
    notice: null,
  };
}

export type MeetingAction =
  | { type: 'connecting' }
  | { type: 'waiting' }
  | { type: 'joined'; payload: JoinedPayload }
  | {
      type: 'finished';
      phase: 'left' | 'removed' | 'ended' | 'denied' | 'failed';
      error?: { code: string; message: string };
    }
  | { type: 'reconnecting'; value: boolean }
  | { type: 'participantJoined'; participant: Participant }
  | { type: 'participantLeft'; id: string }
  | { type: 'participantUpdated'; id: string; name?: string; role?: Role; media?: MediaState }
  | { type: 'selfMedia'; media: Partial<MediaState> }
  | { type: 'remoteMedia'; id: string; media: RemoteMedia }
  | { type: 'linkState'; id: string; state: LinkState }
  | { type: 'quality'; quality: Record<string, Quality> }
  | { type: 'mode'; mode: MeetingMode }
  | { type: 'chatMessage'; message: ChatMessage }
  | { type: 'chatOpen'; open: boolean }
  | { type: 'lobbyRequest'; request: LobbyRequest }
  | { type: 'lobbyResolved'; id: string }
  | { type: 'reaction'; reaction: Reaction }
  | { type: 'reactionExpired'; key: number }
  | { type: 'pin'; id: string | null }
  | { type: 'activeSpeaker'; id: string | null }
  | { type: 'meetingUpdated'; patch: Partial<MeetingSettings> }
  | { type: 'localMedia'; camera?: MediaStream | null; screen?: MediaStream | null }
  | { type: 'notice'; text: string | null };

function without<T>(record: Record<string, T>, id: string): Record<string, T> {
  if (!(id in record)) return record;
  const next = { ...record };
  delete next[id];
  return next;
}

export function meetingReducer(state: MeetingState, action: MeetingAction): MeetingState {
  switch (action.type) {
    case 'connecting':
      return { ...state, phase: 'connecting', error: null };
    case 'waiting':
      return { ...state, phase: 'waiting' };
    case 'joined': {
      const { payload } = action;
      const others = payload.participants.filter((p) => p.id !== payload.self.id);
      const keep = new Set(others.map((p) => p.id));
      // On a resumed join, keep media of those still here and drop the rest.
      const pick = <T>(r: Record<string, T>) =>
        Object.fromEntries(Object.entries(r).filter(([id]) => keep.has(id)));
      const known = new Set(state.chat.map((m) => m.id));
      const chat = [...state.chat, ...payload.chat.filter((m) => !known.has(m.id))];
      return {
        ...state,
        phase: 'joined',
        reconnecting: false,
        error: null,
        self: payload.self,
        meeting: payload.meeting,
        mode: payload.mode,
        participants: others,
        remoteMedia: pick(state.remoteMedia),
        linkStates: pick(state.linkStates),
        quality: pick(state.quality),
        chat,
        pinnedId: state.pinnedId && keep.has(state.pinnedId) ? state.pinnedId : null,
      };
    }
    case 'finished':
      return { ...state, phase: action.phase, error: action.error ?? null, reconnecting: false };
    case 'reconnecting':
      return { ...state, reconnecting: action.value };
    case 'participantJoined': {
      if (action.participant.id === state.self?.id) return state;
      const rest = state.participants.filter((p) => p.id !== action.participant.id);
      return { ...state, participants: [...rest, action.participant] };
    }
    case 'participantLeft':
      return {
        ...state,
        participants: state.participants.filter((p) => p.id !== action.id),
        remoteMedia: without(state.remoteMedia, action.id),
        linkStates: without(state.linkStates, action.id),
        quality: without(state.quality, action.id),
        pinnedId: state.pinnedId === action.id ? null : state.pinnedId,
        activeSpeakerId: state.activeSpeakerId === action.id ? null : state.activeSpeakerId,
      };
    case 'participantUpdated': {
      const { id, name, role, media } = action;
      if (id === state.self?.id) {
        return {
          ...state,
          self: { ...state.self, name: name ?? state.self.name, role: role ?? state.self.role },
        };
      }
      return {
        ...state,
        participants: state.participants.map((p) =>
          p.id === id
            ? { ...p, name: name ?? p.name, role: role ?? p.role, media: media ?? p.media }
            : p,
        ),
      };
    }
    case 'selfMedia':
      return { ...state, selfMedia: { ...state.selfMedia, ...action.media } };
    case 'remoteMedia':
      return { ...state, remoteMedia: { ...state.remoteMedia, [action.id]: action.media } };
    case 'linkState':
      return { ...state, linkStates: { ...state.linkStates, [action.id]: action.state } };
    case 'quality':
      return { ...state, quality: action.quality };
    case 'mode':
      return { ...state, mode: action.mode };
    case 'chatMessage': {
      if (state.chat.some((m) => m.id === action.message.id)) return state;
      const mine = action.message.from === state.self?.id;
      return {
        ...state,
        chat: [...state.chat, action.message].slice(-500),
        unread: state.chatOpen || mine ? state.unread : state.unread + 1,
      };
    }
    case 'chatOpen':
      return { ...state, chatOpen: action.open, unread: action.open ? 0 : state.unread };
    case 'lobbyRequest':
      return {
        ...state,
        lobbyRequests: [
          ...state.lobbyRequests.filter((r) => r.id !== action.request.id),
          action.request,
        ],
      };
    case 'lobbyResolved':
      return { ...state, lobbyRequests: state.lobbyRequests.filter((r) => r.id !== action.id) };
    case 'reaction':
      return { ...state, reactions: [...state.reactions, action.reaction].slice(-20) };
    case 'reactionExpired':
      return { ...state, reactions: state.reactions.filter((r) => r.key !== action.key) };
    case 'pin':
      return { ...state, pinnedId: action.id };
    case 'activeSpeaker':
      return state.activeSpeakerId === action.id ? state : { ...state, activeSpeakerId: action.id };
    case 'localMedia':
      return {
        ...state,
        localCamera: action.camera !== undefined ? action.camera : state.localCamera,
        localScreen: action.screen !== undefined ? action.screen : state.localScreen,
      };
    case 'notice':
      return {
        ...state,
        notice: action.text ? { key: (state.notice?.key ?? 0) + 1, text: action.text } : null,
      };
    case 'meetingUpdated':
      return state.meeting ? { ...state, meeting: { ...state.meeting, ...action.patch } } : state;
  }
}
