export { HomeOrLanding } from './HomeOrLanding';
export { meetingLink, parseMeetingCode } from './meetingCode';
