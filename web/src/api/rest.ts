import { http } from './http';
import type {
  CreatedMeeting,
  HistoryPage,
  LoginResult,
  MeetingInfo,
  MeetingOptions,
  User,
} from './types';

export const authApi = {
  async register(input: { name: string; username: string; password: string }): Promise<User> {
    return (await http.post<User>('/auth/register', input)).data;
  },
  async login(input: { username: string; password: string }): Promise<LoginResult> {
    return (await http.post<LoginResult>('/auth/login', input)).data;
  },
  async logout(): Promise<void> {
    await http.post('/auth/logout');
  },
  async me(): Promise<User> {
    return (await http.get<User>('/me')).data;
  },
};

export const meetingsApi = {
  async create(options: MeetingOptions): Promise<CreatedMeeting> {
    return (await http.post<CreatedMeeting>('/meetings', options)).data;
  },
  async get(code: string): Promise<MeetingInfo> {
    return (await http.get<MeetingInfo>(`/meetings/${encodeURIComponent(code)}`)).data;
  },
  async update(
    code: string,
    patch: MeetingOptions & { locked?: boolean },
  ): Promise<CreatedMeeting> {
    return (await http.patch<CreatedMeeting>(`/meetings/${encodeURIComponent(code)}`, patch)).data;
  },
  async end(code: string): Promise<void> {
    await http.delete(`/meetings/${encodeURIComponent(code)}`);
  },
  async history(params: { limit?: number; before?: string } = {}): Promise<HistoryPage> {
    return (await http.get<HistoryPage>('/meetings/history', { params })).data;
  },
};
