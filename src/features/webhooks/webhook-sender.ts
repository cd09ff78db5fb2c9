import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isInternalAddress } from './webhook-target';

/**
 * Connections are kept open between deliveries to the same receiver. The guarded lookup runs
 * for every new connection, so a kept one was checked when it was made.
 */
const agents = new Map<string, HttpAgent>();
function agentFor(protocol: string, localMode: boolean): HttpAgent {
  const key = `${protocol}${localMode}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 32, lookup: guardedLookup(localMode) as never };
    agent = protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

export interface SendResult {
  /** The receiver's HTTP status, or null when there was no answer (refused, timed out, blocked). */
  status: number | null;
  error: string | null;
}

/**
 * One POST of a delivery. Redirects are not followed (a 3xx is a failed attempt), the answer's
 * body is read up to 64 KiB and dropped, and the whole attempt gives up after `timeoutMs`.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; localMode: boolean },
): Promise<SendResult> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  // An address written in the url is not looked up, so the lookup's check would not see it.
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.localMode && isIP(literal) && isInternalAddress(literal)) {
    return Promise.resolve({ status: null, error: `${literal} is an internal address` });
  }
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'Vakvoucher-Webhooks/1',
        },
        lookup: guardedLookup(options.localMode),
        agent: agentFor(target.protocol, options.localMode),
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > 64 * 1024) res.destroy();
        });
        res.on('end', () => done({ status: res.statusCode ?? null, error: null }));
        res.on('close', () => done({ status: res.statusCode ?? null, error: null }));
        res.on('error', () => done({ status: res.statusCode ?? null, error: null }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ status: null, error: `no answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    req.on('error', (error) => done({ status: null, error: error.message.slice(0, 300) }));
    req.end(body);
  });
}
