export { HistoryPage } from './HistoryPage';
export { MeetingList } from './MeetingList';
export { formatDuration, formatWhen } from './format';
