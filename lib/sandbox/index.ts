/** `wechatpay-ts/sandbox`: the local WeChat Pay APIv3 server and its key helpers. */
export { Sandbox } from './sandbox';
export type { SandboxClientConfig, SandboxOptions, SignedContract } from './sandbox';
export { generateSandboxKeys } from './keys';
export type { SandboxKeys } from './keys';
export { loadSandboxKeys, saveSandboxKeys, keyFiles } from './keystore';
export { SEED as SANDBOX_SEED } from './seed';
export type { SandboxMode } from './world';
export { runSandboxCommand } from './cli';
export type { SandboxJson } from './cli';
