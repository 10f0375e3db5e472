// A signed-in HTTP client over real sockets (Node's fetch/undici, keep-alive) and the
// sequential / concurrent load runners. Every request must answer 2xx or the run fails.
import { summarize, type LatencyStats } from './report';

export class BenchClient {
  private cookie = '';
  private csrf = '';
  userId = 0;

  constructor(
    readonly baseUrl: string,
    readonly username: string,
  ) {}

  /** POST /api/v1/auth/login; keeps the session cookie and the CSRF token of the latest login. */
  async login(password: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'zhaoshang-bench' },
      body: JSON.stringify({ username: this.username, password }),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`login ${this.username} → ${response.status}: ${text.slice(0, 300)}`);
    const cookies = new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      cookies.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
    this.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    this.csrf = cookies.get('zs_csrf') ?? '';
    this.userId = (JSON.parse(text) as { user: { id: number } }).user.id;
  }

  /** Session cookie and CSRF header, for requests made outside this class (multipart, downloads). */
  authHeaders(): Record<string, string> {
    return { cookie: this.cookie, 'x-csrf-token': this.csrf, 'user-agent': 'zhaoshang-bench' };
  }

  async request<T = unknown>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        'user-agent': 'zhaoshang-bench',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status < 200 || response.status >= 300) throw new Error(`${method} ${url} → ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T = unknown>(url: string): Promise<T> {
    return this.request<T>('GET', url);
  }

  post<T = unknown>(url: string, body: unknown): Promise<T> {
    return this.request<T>('POST', url, body);
  }
}

export interface RunLimits {
  /** Requests to make (upper bound). */
  requests: number;
  /** Stop starting new requests after this long, ms (keeps slow endpoints bounded). */
  maxMs: number;
}

/** One request after the other. */
export async function runSequential(call: (index: number) => Promise<unknown>, limits: RunLimits): Promise<LatencyStats> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < limits.requests; i++) {
    if (i > 0 && performance.now() - started > limits.maxMs) break;
    const t = performance.now();
    await call(i);
    latencies.push(performance.now() - t);
  }
  return summarize(latencies, performance.now() - started);
}

/** `inFlight` workers, each sending its next request as soon as the previous one answered. */
export async function runConcurrent(
  call: (index: number, worker: number) => Promise<unknown>,
  limits: RunLimits & { inFlight: number },
): Promise<LatencyStats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (id: number) => {
    for (;;) {
      const index = next++;
      if (index >= limits.requests || (index >= limits.inFlight && performance.now() - started > limits.maxMs)) return;
      const t = performance.now();
      await call(index, id);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: limits.inFlight }, (_, id) => worker(id)));
  return summarize(latencies, performance.now() - started);
}
