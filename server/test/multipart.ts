import { randomBytes } from 'node:crypto';
import type { Agent, InjectResponse, TestApp } from './harness';

/** Posts multipart/form-data (text fields, then one file) as `agent`, with session and CSRF. */
export async function postMultipart(
  t: TestApp,
  agent: Agent,
  url: string,
  fields: Record<string, string>,
  file?: { fileName: string; content: Buffer; contentType?: string },
): Promise<InjectResponse> {
  const boundary = `----zs${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\nContent-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = Object.entries(agent.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  return (await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'x-csrf-token': agent.cookies.zs_csrf ?? '', 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  })) as unknown as InjectResponse;
}

/** A GET returning bytes (downloads), as `agent`. */
export async function getBytes(t: TestApp, agent: Agent, url: string) {
  const cookie = Object.entries(agent.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
  return { statusCode: res.statusCode, headers: res.headers, body: res.rawPayload, json: () => JSON.parse(res.body) };
}
