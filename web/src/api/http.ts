import axios, { AxiosError } from 'axios';
import type { ApiErrorBody } from './types';

/** An API failure normalised from the server's JSON error body (or a network failure). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'parley.token';

export const tokenStore = {
  get(): string | null {
    try {
      return localStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(token: string | null): void {
    try {
      if (token) localStorage.setItem(TOKEN_KEY, token);
      else localStorage.removeItem(TOKEN_KEY);
    } catch {
      // Storage may be unavailable (private mode); the session then lasts for the tab only.
    }
  },
};

// Relative base URL: the app and the API share one origin.
export const http = axios.create({ baseURL: '/api/v1', timeout: 15000 });

http.interceptors.request.use((config) => {
  const token = tokenStore.get();
  if (token) config.headers.set('Authorization', `Bearer ${token}`);
  return config;
});

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof AxiosError) {
    const status = err.response?.status ?? 0;
    const body = err.response?.data as Partial<ApiErrorBody> | undefined;
    if (status === 0) {
      return new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection.');
    }
    const retry = Number(err.response?.headers?.['retry-after']);
    return new ApiError(
      status,
      body?.error ?? `http_${status}`,
      body?.message ?? `Request failed (${status})`,
      body?.field,
      Number.isFinite(retry) ? retry : undefined,
    );
  }
  return new ApiError(0, 'unknown', err instanceof Error ? err.message : String(err));
}

http.interceptors.response.use(undefined, (err: unknown) => Promise.reject(toApiError(err)));
