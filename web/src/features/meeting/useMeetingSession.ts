import { useSyncExternalStore } from 'react';
import type { MeetingSession } from './session/MeetingSession';
import { initialMeetingState, type MeetingState } from './state/meetingState';

const idle = initialMeetingState();
const noop = () => () => undefined;

/** The live state of a session (or the idle state when there is none yet). */
export function useMeetingState(session: MeetingSession | null): MeetingState {
  return useSyncExternalStore(
    session?.store.subscribe ?? noop,
    session?.store.getState ?? (() => idle),
  );
}
