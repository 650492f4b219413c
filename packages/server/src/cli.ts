import { ParleyError } from '@parley/protocol';
import { describeLink, runAdminCommand } from './adminCli';
import { isAdminCommand } from './adminCommand';
import { readConfig, usage } from './config';
import { demoAgents, demoPassword } from './demoSeed';
import { startParleyServer } from './server';
import { DataDirLockedError } from './store/dataDirLock';

/** `parley-server`: flags, then the environment; SIGTERM/SIGINT shut down gracefully. */
async function main(): Promise<void> {
  if (isAdminCommand(process.argv.slice(2))) {
    process.stdout.write(`${await runAdminCommand(process.argv.slice(2), process.env)}\n`);
    return;
  }
  const config = readConfig(process.argv.slice(2), process.env);
  if (config === 'help') {
    process.stdout.write(usage);
    return;
  }
  const { limits, ...options } = config;
  const server = await startParleyServer({ ...options, limits });
  const store = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  server.logger.info({ url: server.url, store, redis: Boolean(config.redisUrl) }, 'Parley is listening');
  const lines = [`Parley server: ${server.url}  (store: ${store})`];
  for (const mount of config.staticMounts) lines.push(`  ${describeMount(mount.prefix)}: ${server.url}${mountUrl(mount.prefix)}`);
  if (config.demo) {
    const logins = demoAgents.map((agent) => `${agent.id} / ${demoPassword}`).join(', ');
    lines.push(`Demo room "support", agent logins: ${logins}`);
  } else {
    // First run: no admin yet, and no default password either. A fresh link on every start until used.
    const link = await server.administration.setupLinkIfNoAdmin();
    if (link) lines.push('No admin yet. Create the first one:', describeLink(link).replace(/^/gm, '  '));
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

// The demo's three mounts get their names; any other folder is listed by its prefix.
function describeMount(prefix: string): string {
  if (prefix === '/') return 'Demo page with the widget';
  if (prefix === '/console') return 'Agent console';
  if (prefix === '/widget') return 'Widget script';
  return `Static ${prefix}`;
}

function mountUrl(prefix: string): string {
  if (prefix === '/') return '/';
  return prefix === '/widget' ? '/widget/parley-widget.js' : `${prefix}/`;
}

main().catch((error: unknown) => {
  // Errors a person can act on are told as a sentence; anything else keeps its stack for a bug report.
  const told = error instanceof ParleyError || error instanceof DataDirLockedError;
  const message = told ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`parley-server: ${message}\n`);
  process.exit(1);
});
