import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParleyError } from '@parley/protocol';
import type { ServerConfig } from './config';
import { defaultLimits, readConfig, usage } from './config';
import { withBundledConsole } from './staticFiles';

/** `readConfig` for input that must be accepted, narrowed past `'help'`. */
function configOf(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ServerConfig {
  const config = readConfig(argv, env);
  if (config === 'help') throw new Error('expected a config, got help');
  return config;
}

/** The error `readConfig` throws for input that must be refused. */
function refusalOf(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParleyError {
  try {
    readConfig(argv, env);
  } catch (error) {
    if (error instanceof ParleyError) return error;
    throw error;
  }
  throw new Error(`readConfig accepted ${JSON.stringify(argv)}`);
}

describe('readConfig', () => {
  it('defaults: port 3000, host 127.0.0.1, data dir .parley, no database, redis or secret, no demo', () => {
    const config = configOf([]);
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', dataDir: '.parley', demo: false });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.secret).toBeUndefined();
    expect(config.limits).toEqual(defaultLimits);
  });

  it('gives each config its own limits object', () => {
    const config = configOf([]);
    config.limits.eventBurst = 1;
    expect(defaultLimits.eventBurst).not.toBe(1);
    expect(configOf([]).limits).toEqual(defaultLimits);
  });

  it.each([
    ['--port', '4000', { port: 4000 }],
    ['--port', '0', { port: 0 }],
    ['--port', '65535', { port: 65535 }],
    ['--host', '0.0.0.0', { host: '0.0.0.0' }],
    ['--data-dir', '/var/lib/parley', { dataDir: '/var/lib/parley' }],
    ['--database-url', 'postgres://db/parley', { databaseUrl: 'postgres://db/parley' }],
    ['--redis-url', 'redis://cache:6379', { redisUrl: 'redis://cache:6379' }],
    ['--secret', 'a-very-secret-secret', { secret: 'a-very-secret-secret' }],
  ])('reads the flag %s %s', (flag, value, expected) => {
    expect(configOf([flag, value])).toMatchObject(expected);
    // The `--flag=value` spelling too.
    expect(configOf([`${flag}=${value}`])).toMatchObject(expected);
  });

  it('reads the flag --demo', () => {
    expect(configOf(['--demo']).demo).toBe(true);
  });

  it('takes the PostgreSQL append lanes from --append-lanes or PARLEY_APPEND_LANES, 1 to 8, and refuses anything else', () => {
    expect(configOf([]).appendLanes).toBeUndefined();
    expect(configOf(['--append-lanes', '1']).appendLanes).toBe(1);
    expect(configOf([], { PARLEY_APPEND_LANES: '8' }).appendLanes).toBe(8);
    for (const bad of ['0', '9', '2.5', 'two', '']) {
      expect(() => configOf(['--append-lanes', bad])).toThrow(/--append-lanes must be an integer from 1 to 8/);
    }
  });

  it('runs PGlite in a worker thread unless --pglite-main-thread or PARLEY_PGLITE_MAIN_THREAD=1 says otherwise', () => {
    expect(configOf([]).pgliteWorker).toBeUndefined();
    expect(configOf(['--pglite-main-thread']).pgliteWorker).toBe(false);
    expect(configOf([], { PARLEY_PGLITE_MAIN_THREAD: '1' }).pgliteWorker).toBe(false);
  });

  it.each([
    ['PORT', '8080', { port: 8080 }],
    ['HOST', '::1', { host: '::1' }],
    ['PARLEY_DATA_DIR', '/srv/parley', { dataDir: '/srv/parley' }],
    ['DATABASE_URL', 'postgres://db/parley', { databaseUrl: 'postgres://db/parley' }],
    ['REDIS_URL', 'redis://cache:6379', { redisUrl: 'redis://cache:6379' }],
    ['PARLEY_SECRET', 'env-secret-env-secret', { secret: 'env-secret-env-secret' }],
    ['PARLEY_DEMO', '1', { demo: true }],
    ['PARLEY_DEMO', 'true', { demo: true }],
  ])('reads the environment variable %s=%s', (name, value, expected) => {
    expect(configOf([], { [name]: value })).toMatchObject(expected);
  });

  it('leaves demo off for other PARLEY_DEMO values', () => {
    expect(configOf([], { PARLEY_DEMO: '0' }).demo).toBe(false);
    expect(configOf([], { PARLEY_DEMO: '' }).demo).toBe(false);
    expect(configOf([], { PARLEY_DEMO: 'yes please' }).demo).toBe(false);
  });

  it('ignores empty DATABASE_URL, REDIS_URL and PARLEY_SECRET', () => {
    const config = configOf([], { DATABASE_URL: '', REDIS_URL: '', PARLEY_SECRET: '' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.secret).toBeUndefined();
  });

  it('lets flags win over the environment', () => {
    const env = {
      PORT: '8080',
      HOST: '10.0.0.1',
      PARLEY_DATA_DIR: '/env/dir',
      DATABASE_URL: 'postgres://env/db',
      REDIS_URL: 'redis://env:6379',
      PARLEY_SECRET: 'env-secret-env-secret',
    };
    const config = configOf(
      [
        '--port',
        '4000',
        '--host',
        '0.0.0.0',
        '--data-dir',
        '/flag/dir',
        '--database-url',
        'postgres://flag/db',
        '--redis-url',
        'redis://flag:6379',
        '--secret',
        'flag-secret-flag-secret',
      ],
      env,
    );
    expect(config).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      dataDir: '/flag/dir',
      databaseUrl: 'postgres://flag/db',
      redisUrl: 'redis://flag:6379',
      secret: 'flag-secret-flag-secret',
    });
  });

  it('lets --demo win over PARLEY_DEMO, and the environment decide without it', () => {
    expect(configOf(['--demo'], { PARLEY_DEMO: '0' }).demo).toBe(true);
    expect(configOf([], { PARLEY_DEMO: '1' }).demo).toBe(true);
  });

  it("answers 'help' to --help, whatever else is given", () => {
    expect(readConfig(['--help'], {})).toBe('help');
    expect(readConfig(['--port', '4000', '--help'], { PORT: 'not-a-port' })).toBe('help');
  });

  it.each([
    ['an unknown flag', ['--prot', '4000']],
    ['a positional argument', ['serve']],
    ['a flag missing its value', ['--port']],
    ['a value given to a boolean flag', ['--demo=yes']],
  ])('refuses %s with invalid_payload and the usage', (_label, argv) => {
    const error = refusalOf(argv);
    expect(error.code).toBe('invalid_payload');
    expect(error.message).toContain(usage);
  });

  it.each(['abc', '-1', '65536', '3.5', '', '1e3', '0x50', ' 80'])('refuses the port %j with invalid_payload and the usage', (port) => {
    for (const error of [refusalOf(['--port', port]), refusalOf([`--port=${port}`]), refusalOf([], { PORT: port })]) {
      expect(error.code).toBe('invalid_payload');
      expect(error.message).toContain('--port');
      expect(error.message).toContain(usage);
    }
  });
});

describe('readConfig --static', () => {
  it('takes repeated <prefix>=<folder> flags, trailing slashes trimmed', () => {
    const config = configOf(['--static', '/=./demo', '--static', '/widget/=./dist']);
    expect(config.staticMounts).toEqual([
      { prefix: '/', root: './demo' },
      { prefix: '/widget', root: './dist' },
    ]);
  });

  it('reads PARLEY_STATIC as a comma-separated list when no flag is given', () => {
    expect(configOf([], { PARLEY_STATIC: '/console=./console,/=./demo' }).staticMounts).toEqual([
      { prefix: '/console', root: './console' },
      { prefix: '/', root: './demo' },
    ]);
  });

  it('refuses a mount without a leading slash or a folder', () => {
    expect(refusalOf(['--static', 'widget=./dist']).message).toMatch(/--static takes <url-prefix>=<folder>/);
    expect(refusalOf(['--static', '/widget=']).code).toBe('invalid_payload');
  });

  it('reads --no-console and PARLEY_NO_CONSOLE (from source there is no bundled console: the mounts stay as given)', () => {
    expect(configOf(['--no-console']).staticMounts).toEqual([]);
    expect(configOf([], { PARLEY_NO_CONSOLE: '1' }).staticMounts).toEqual([]);
    expect(configOf(['--static', '/=./demo']).staticMounts).toEqual([{ prefix: '/', root: './demo' }]);
  });
});

describe('the console the package carries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-console-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  const empty = mkdtempSync(join(tmpdir(), 'parley-no-console-'));

  it('is mounted at /console unless declined, absent, or another folder is mounted there', () => {
    const demo = { prefix: '/', root: './demo' };
    expect(withBundledConsole([demo], true, dir)).toEqual([demo, { prefix: '/console', root: dir }]);
    expect(withBundledConsole([demo], false, dir)).toEqual([demo]);
    expect(withBundledConsole([demo], true, empty)).toEqual([demo]);
    const own = { prefix: '/console', root: './my-console' };
    expect(withBundledConsole([own], true, dir)).toEqual([own]);
    rmSync(dir, { recursive: true });
    rmSync(empty, { recursive: true });
  });
});

describe('readConfig --redis-prefix', () => {
  it('takes a prefix from the flag or PARLEY_REDIS_PREFIX, and refuses one that is not a plain name', () => {
    expect(configOf(['--redis-prefix', 'shop-eu']).redisPrefix).toBe('shop-eu');
    expect(configOf([], { PARLEY_REDIS_PREFIX: 'staging:parley' }).redisPrefix).toBe('staging:parley');
    expect(configOf([]).redisPrefix).toBeUndefined();
    expect(refusalOf(['--redis-prefix', 'has space']).message).toMatch(/--redis-prefix/);
  });
});

describe('readConfig: issue 13 flags', () => {
  it('reads the secret from a file (trimmed) or PARLEY_SECRET_FILE, and previous secrets for rotation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const current = join(dir, 'secret');
      const previous = join(dir, 'previous');
      writeFileSync(current, 'current-secret-current-secret-0123\n');
      writeFileSync(previous, 'previous-secret-previous-secret-01\n');
      expect(configOf(['--secret-file', current]).secret).toBe('current-secret-current-secret-0123');
      expect(configOf([], { PARLEY_SECRET_FILE: current }).secret).toBe('current-secret-current-secret-0123');
      expect(configOf(['--previous-secret-file', previous]).previousSecrets).toEqual(['previous-secret-previous-secret-01']);
      expect(configOf([], { PARLEY_PREVIOUS_SECRET: 'a,b' }).previousSecrets).toEqual(['a', 'b']);
      expect(refusalOf(['--secret-file', join(dir, 'missing')]).message).toContain('cannot read the secret file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the identity secret from --identity-secret-file, PARLEY_IDENTITY_SECRET_FILE or PARLEY_IDENTITY_SECRET; none by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const file = join(dir, 'identity');
      writeFileSync(file, 'identity-secret-identity-secret-01\n');
      expect(configOf(['--identity-secret-file', file]).identitySecret).toBe('identity-secret-identity-secret-01');
      expect(configOf([], { PARLEY_IDENTITY_SECRET_FILE: file }).identitySecret).toBe('identity-secret-identity-secret-01');
      expect(configOf([], { PARLEY_IDENTITY_SECRET: 'from-env-from-env-from-env-from-env' }).identitySecret).toBe('from-env-from-env-from-env-from-env');
      expect(configOf([]).identitySecret).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads rooms, console servers, metrics token and port, and tokens without exp', () => {
    expect(configOf(['--rooms', 'support, sales']).rooms).toEqual(['support', 'sales']);
    expect(configOf([], { PARLEY_ROOMS: '*' }).rooms).toBe('*');
    expect(configOf([]).rooms).toBeUndefined();
    expect(configOf(['--console-servers', 'https://chat.example.com/path,http://localhost:4000']).consoleServers).toEqual([
      'https://chat.example.com',
      'http://localhost:4000',
    ]);
    expect(refusalOf(['--console-servers', 'javascript:alert(1)']).message).toContain('--console-servers takes http(s) origins');
    expect(configOf(['--metrics-token', 't0k3n', '--metrics-port', '9464'])).toMatchObject({ metricsToken: 't0k3n', metricsPort: 9464 });
    expect(configOf([], { PARLEY_METRICS_PORT: '9100' }).metricsPort).toBe(9100);
    expect(refusalOf(['--metrics-port', 'x']).message).toContain('--metrics-port');
    expect(configOf(['--allow-tokens-without-exp']).allowTokensWithoutExp).toBe(true);
    expect(configOf([]).allowTokensWithoutExp).toBeUndefined();
  });

  it('reads room settings from a JSON file (issue 15), and refuses a malformed one naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const good = join(dir, 'rooms.json');
      writeFileSync(good, JSON.stringify({ support: { welcome: ' Hi! ', replyTime: 'hours' } }));
      expect(configOf(['--room-settings', good]).roomSettings).toEqual({ support: { welcome: 'Hi!', replyTime: 'hours' } });
      expect(configOf([], { PARLEY_ROOM_SETTINGS: good }).roomSettings).toEqual({ support: { welcome: 'Hi!', replyTime: 'hours' } });
      const typo = join(dir, 'typo.json');
      writeFileSync(typo, JSON.stringify({ support: { welcom: 'Hi!' } }));
      expect(refusalOf(['--room-settings', typo]).message).toContain('typo.json');
      const badTime = join(dir, 'time.json');
      writeFileSync(badTime, JSON.stringify({ support: { replyTime: 'soon' } }));
      expect(refusalOf(['--room-settings', badTime]).code).toBe('invalid_payload');
      const notJson = join(dir, 'broken.json');
      writeFileSync(notJson, '{ support: ');
      expect(refusalOf(['--room-settings', notJson]).message).toContain('cannot read the room settings file');
      expect(refusalOf(['--room-settings', join(dir, 'missing.json')]).message).toContain('cannot read the room settings file');
      // Inline JSON, as an environment variable would carry it.
      expect(configOf([], { PARLEY_ROOM_SETTINGS: '{"sales":{"replyTime":"day"}}' }).roomSettings).toEqual({ sales: { replyTime: 'day' } });
      expect(refusalOf(['--room-settings', '{"sales":']).message).toContain('cannot read the --room-settings JSON');
      expect(refusalOf(['--room-settings', '{"sales":{"replyTime":"soon"}}']).code).toBe('invalid_payload');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads --trust-proxy: off by default, true, a hop count, or proxies’ addresses and subnets', () => {
    expect(configOf([]).trustProxy).toBeUndefined();
    expect(configOf(['--trust-proxy', 'true']).trustProxy).toBe(true);
    expect(configOf(['--trust-proxy', 'false']).trustProxy).toBe(false);
    expect(configOf(['--trust-proxy', '2']).trustProxy).toBe(2);
    expect(configOf([], { PARLEY_TRUST_PROXY: '10.0.0.0/8, loopback' }).trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(refusalOf(['--trust-proxy', 'not-an-address']).message).toContain('--trust-proxy takes');
  });

  it('overrides limits by name, and refuses unknown names or non-numbers listing the names', () => {
    const config = configOf(['--limit', 'signupsPerIpPerMinute=5', '--limit', 'minOfferSeconds=0.5']);
    expect(config.limits).toEqual({ ...defaultLimits, signupsPerIpPerMinute: 5, minOfferSeconds: 0.5 });
    expect(configOf([], { PARLEY_LIMITS: 'maxSocketsPerIp=10,loginConcurrency=1' }).limits).toMatchObject({ maxSocketsPerIp: 10, loginConcurrency: 1 });
    expect(refusalOf(['--limit', 'nope=1']).message).toContain('signupsPerIpPerMinute');
    expect(refusalOf(['--limit', 'maxSocketsPerIp=lots']).message).toContain('--limit takes');
  });
});

describe('readConfig: e-mail, webhooks and the admin token (issue 17)', () => {
  it('reads --smtp-url / PARLEY_SMTP_URL and --mail-from / PARLEY_MAIL_FROM; refuses other schemes without echoing the password', () => {
    expect(configOf(['--smtp-url', 'smtp://u:p@mail:25', '--mail-from', 'Support <s@example.com>'])).toMatchObject({
      smtpUrl: 'smtp://u:p@mail:25',
      mailFrom: 'Support <s@example.com>',
    });
    expect(configOf([], { PARLEY_SMTP_URL: 'smtps://mail:465', PARLEY_MAIL_FROM: 'a@b.c' })).toMatchObject({ smtpUrl: 'smtps://mail:465', mailFrom: 'a@b.c' });
    expect(configOf([]).smtpUrl).toBeUndefined();
    const refusal = refusalOf(['--smtp-url', 'http://user:hunter2@mail']);
    expect(refusal.code).toBe('invalid_payload');
    expect(refusal.message).not.toContain('hunter2');
  });

  it('reads webhook targets from --webhooks-file (an array or { webhooks }), with stable ids and every event by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const file = join(dir, 'webhooks.json');
      writeFileSync(
        file,
        JSON.stringify({
          webhooks: [
            { url: 'https://hooks.example.com/all', secret: 'a-secret-of-16-chars' },
            { url: 'https://hooks.example.com/support', secret: 'a-secret-of-16-chars', events: ['chat.closed'], room: 'support' },
          ],
        }),
      );
      const { webhooks } = configOf(['--webhooks-file', file]);
      expect(webhooks).toHaveLength(2);
      expect(webhooks![0]).toMatchObject({ url: 'https://hooks.example.com/all', events: ['chat.created', 'chat.assigned', 'chat.message', 'chat.closed', 'chat.rated'] });
      expect(webhooks![1]).toMatchObject({ room: 'support', events: ['chat.closed'] });
      expect(configOf([], { PARLEY_WEBHOOKS_FILE: file }).webhooks![0]!.id).toBe(webhooks![0]!.id);
      writeFileSync(file, JSON.stringify([{ url: 'ftp://x', secret: 'short' }]));
      expect(refusalOf(['--webhooks-file', file]).code).toBe('invalid_payload');
      writeFileSync(file, JSON.stringify([{ url: 'https://x.example', secret: 'a-secret-of-16-chars', events: ['chat.exploded'] }]));
      expect(refusalOf(['--webhooks-file', file]).message).toContain('events');
      expect(refusalOf(['--webhooks-file', join(dir, 'missing.json')]).message).toContain('cannot read the webhooks file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the admin token from --admin-token-file, PARLEY_ADMIN_TOKEN_FILE or PARLEY_ADMIN_TOKEN', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    try {
      const file = join(dir, 'admin');
      writeFileSync(file, 'admin-token-0123\n');
      expect(configOf(['--admin-token-file', file]).adminToken).toBe('admin-token-0123');
      expect(configOf([], { PARLEY_ADMIN_TOKEN_FILE: file }).adminToken).toBe('admin-token-0123');
      expect(configOf([], { PARLEY_ADMIN_TOKEN: 'tok' }).adminToken).toBe('tok');
      expect(configOf([]).adminToken).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('files flags', () => {
  it('reads the allow-list and the S3 bucket from flags, and the same from the environment', () => {
    const flags = readConfig(
      ['--file-types', 'image/*, application/pdf', '--file-storage', 's3', '--s3-bucket', 'b', '--s3-endpoint', 'http://127.0.0.1:9000', '--s3-path-style'],
      {},
    );
    expect(flags).toMatchObject({
      files: { allowedTypes: ['image/*', 'application/pdf'], storage: 's3', s3: { bucket: 'b', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true } },
    });
    const env = readConfig([], { PARLEY_FILE_STORAGE: 's3', PARLEY_S3_BUCKET: 'e', PARLEY_S3_REGION: 'auto', PARLEY_FILE_TYPES: 'text/plain' });
    expect(env).toMatchObject({ files: { allowedTypes: ['text/plain'], storage: 's3', s3: { bucket: 'e', region: 'auto' } } });
    expect(readConfig([], {})).not.toHaveProperty('files');
    expect(readConfig(['--limit', 'maxFileBytes=1024', '--limit', 'maxFilesPerChat=3'], {})).toMatchObject({ limits: { maxFileBytes: 1024, maxFilesPerChat: 3 } });
  });

  it('refuses an unknown storage, S3 without a bucket, and a pattern that is no type', () => {
    expect(() => readConfig(['--file-storage', 'disk'], {})).toThrow(/--file-storage is database or s3/);
    expect(() => readConfig(['--file-storage', 's3'], {})).toThrow(/needs --s3-bucket/);
    expect(() => readConfig(['--file-types', 'png'], {})).toThrow(/--file-types takes type\/subtype/);
  });
});
