import {
  initialMeetingState,
  meetingReducer,
  type MeetingAction,
  type MeetingState,
} from './meetingState';

/** A tiny external store for useSyncExternalStore: the reducer is the only writer. */
export class MeetingStore {
  private state: MeetingState = initialMeetingState();
  private readonly listeners = new Set<() => void>();

  getState = (): MeetingState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch(action: MeetingAction): void {
    const next = meetingReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  }
}
