export { MeetingRoute } from './MeetingRoute';
export { MeetingSession } from './session/MeetingSession';
