/**
 * The `Authorization` check with the doctor attached: a refused request's 401 carries the diagnosis in
 * `detail` (so a client in any language reads it), and the verdict is reported to whoever watches.
 */
import { checkAuthorization, type Credentials, type MerchantIdentity, type SignedRequest } from '../authorization';
import { SandboxError } from '../errors';
import type { ReplayGuard } from '../replay-guard';
import type { SandboxWorld } from '../world';
import { diagnoseSignature, type KnownSerial, type SignatureDiagnosis } from './index';

export type SignatureVerdict = { readonly verdict: 'valid' } | { readonly verdict: 'refused'; readonly diagnosis: SignatureDiagnosis };

export interface CheckContext {
  readonly world: SandboxWorld;
  readonly merchant: MerchantIdentity;
  readonly replays: ReplayGuard;
  /** Told the verdict of every request that reached the check. */
  readonly onSignatureVerdict?: (verdict: SignatureVerdict) => void;
}

export function checkAuthorizationWithDoctor(request: SignedRequest, context: CheckContext): Credentials {
  const nowSeconds = Math.floor(context.world.now() / 1000);
  try {
    const credentials = checkAuthorization(request, context.merchant, nowSeconds, context.replays);
    context.onSignatureVerdict?.({ verdict: 'valid' });
    return credentials;
  } catch (error) {
    if (!(error instanceof SandboxError) || error.code !== 'SIGN_ERROR') throw error;
    const diagnosis = diagnoseSignature({
      request,
      merchant: context.merchant,
      nowSeconds,
      knownSerials: knownSerials(context.world),
      nonceReused: error.detail?.field === 'nonce_str',
    });
    context.onSignatureVerdict?.({ verdict: 'refused', diagnosis });
    throw new SandboxError(error.code, error.message, { ...error.detail, ...diagnosis });
  }
}

function knownSerials(world: SandboxWorld): KnownSerial[] {
  return [
    { serial: world.keys.platform.serial, what: 'the serial of the platform certificate' },
    ...world.retiredPlatforms.map(({ serial }) => ({ serial, what: 'the serial of a former platform certificate' })),
    { serial: world.keys.publicKey.id, what: 'the WeChat Pay public key id' },
  ];
}
