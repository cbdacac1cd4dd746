export { Lobby, type JoinChoice } from './Lobby';
