export { startGateway, type GatewayOptions, type RunningGateway } from './gateway';
export { signDevToken, type DevTokenRequest } from './auth/dev-token';
export { readTokenSettings, type TokenSettings } from './auth/tokens';
export type { AccessQuestion, AccessVerdict, PartnerDirectory } from './auth/directory';
export { apiSchemaOf } from './access/api-schema';
export { deriveContract, deriveContracts, type Contracts } from './access/contracts';
export { SigningDataSource, type GatewayContext } from './signing';
export { refusableFields, type RefusableField } from './access/refusable';
