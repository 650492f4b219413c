export { startParleyServer } from './server';
export type { AgentAccount, ParleyServer, ParleyServerOptions } from './server';
export { defaultLimits, readConfig } from './config';
export type { ServerConfig, ServerLimits } from './config';
export { createTokenService, sessionLifetimeSeconds } from './tokens';
export type { TokenClaims, TokenService } from './tokens';
export { hashPassword, verifyPassword } from './passwords';
export { openSqlStore } from './store/openStore';
export type { SqlStore } from './store/sqlStore';
