export * from './types';
export { ApiError, http, tokenStore, toApiError } from './http';
export { authApi, meetingsApi } from './rest';
export { RealtimeClient, RealtimeError, type RealtimeAuth, type RealtimeSocket } from './realtime';
