import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook } from './webhook-sender';
import { isInternalAddress, targetProblem, urlProblem } from './webhook-target';

describe('webhook targets', () => {
  it('knows internal addresses: private, loopback, link-local, mapped', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '100.64.0.1',
    ]) {
      expect({ address, internal: isInternalAddress(address) }).toEqual({ address, internal: true });
    }
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8']) {
      expect({ address, internal: isInternalAddress(address) }).toEqual({ address, internal: false });
    }
  });

  it('outside local mode: https only, no user or password', () => {
    expect(urlProblem('http://fonds.example.nl/hooks', false)).toBe('url must be https');
    expect(urlProblem('https://user:pw@fonds.example.nl/hooks', false)).toMatch(/user or password/);
    expect(urlProblem('not a url', false)).toMatch(/absolute URL/);
    expect(urlProblem('https://fonds.example.nl/hooks', false)).toBeNull();
    expect(urlProblem('http://127.0.0.1:3001/hooks', true)).toBeNull();
  });

  it('refuses a URL resolving to 127.0.0.1 outside local mode, after DNS resolution; local mode allows it', async () => {
    // `localhost` is a name, so only the lookup shows it points at the loopback address.
    expect(await targetProblem('https://localhost/hooks', false)).toBe(
      'url must not resolve to a private, loopback or link-local address',
    );
    expect(await targetProblem('https://127.0.0.1/hooks', false)).toBe(
      'url must not resolve to a private, loopback or link-local address',
    );
    expect(await targetProblem('https://[::ffff:7f00:1]/hooks', false)).toBe(
      'url must not resolve to a private, loopback or link-local address',
    );
    expect(await targetProblem('http://localhost/hooks', true)).toBeNull();
  });

  it('at delivery the connection itself is refused when the name resolves inward (outside local mode); no redirect is followed', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(302, { location: 'http://10.0.0.1/' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const blocked = await postWebhook(
        `http://localhost:${port}/hooks`,
        '{}',
        {},
        { timeoutMs: 2000, localMode: false },
      );
      expect(blocked).toEqual({ status: null, error: 'localhost resolves to an internal address' });
      expect(hits).toBe(0);
      const redirected = await postWebhook(
        `http://127.0.0.1:${port}/hooks`,
        '{}',
        {},
        { timeoutMs: 2000, localMode: true },
      );
      expect(redirected).toEqual({ status: 302, error: null });
      expect(hits).toBe(1);
    } finally {
      server.close();
    }
  });
});
