/** The sandbox's state as the console shows it: orders with their QR codes, refunds, combine orders, contracts. */
import { combineStateOf } from '../handlers';
import { keyFiles } from '../keystore';
import type { DeliveryState, Notifier } from '../notifier';
import type { SandboxWorld } from '../world';
import { qrSvg } from './qr';

export function stateView(world: SandboxWorld): Record<string, unknown> {
  const data = world.state.data;
  return {
    orders: Object.values(data.orders)
      .map((order) => ({
        out_trade_no: order.out_trade_no,
        description: order.description,
        trade_type: order.trade_type,
        trade_state: order.trade_state,
        total: order.total,
        refunded: order.refunded,
        currency: order.currency,
        appid: order.appid,
        payer_openid: order.payer_openid,
        transaction_id: order.transaction_id,
        notify_url: order.notify_url,
        created_time: order.created_time,
        success_time: order.success_time,
        ...order.answer,
        ...(order.answer.code_url ? { code_qr_svg: qrSvg(order.answer.code_url) } : {}),
      }))
      .reverse(),
    refunds: Object.values(data.refunds)
      .map((refund) => ({
        out_refund_no: refund.out_refund_no,
        refund_id: refund.refund_id,
        out_trade_no: refund.out_trade_no,
        refund: refund.refund,
        total: refund.total,
        status: refund.status ?? 'SUCCESS',
        reason: refund.reason,
        notify_url: refund.notify_url,
        create_time: refund.create_time,
      }))
      .reverse(),
    combine_orders: Object.values(data.combineOrders)
      .map(({ fingerprint: _fingerprint, ...combine }) => ({
        ...combine,
        trade_state: combineStateOf(combine),
        total: combine.sub_orders.reduce((sum, subOrder) => sum + subOrder.total_amount, 0),
        sub_orders: combine.sub_orders.map((subOrder) => ({ ...subOrder, trade_state: subOrder.trade_state ?? 'NOTPAY' })),
      }))
      .reverse(),
    contracts: Object.values(data.contracts),
    pre_signs: Object.values(data.preSigns)
      .map(({ fingerprint: _fingerprint, ...preSign }) => preSign)
      .reverse(),
  };
}

export function notificationsView(notifier: Notifier, schedule: readonly number[], timeScale: number): Record<string, unknown> {
  return {
    schedule_seconds: schedule,
    time_scale: timeScale,
    notifications: notifier.deliveries
      .map(({ id, url, eventType, subject, state, attempts, nextAttemptAt }) => ({
        id,
        subject,
        url,
        event_type: eventType,
        state: state satisfies DeliveryState,
        attempts,
        next_attempt_at: nextAttemptAt,
      }))
      .reverse(),
  };
}

/** Public material only: the page may offer these for download, never a private key. */
export function publicFiles(world: SandboxWorld): Record<string, string> {
  const { keys } = world;
  const files: Record<string, string> = {
    [keyFiles.merchantCertificate]: keys.merchant.certificatePem,
    [keyFiles.authorityCertificate]: keys.authorityCertificatePem,
    [keyFiles.publicKey]: keys.publicKey.publicKeyPem,
    [keyFiles.platformCertificate]: keys.platform.certificatePem,
  };
  for (const retired of world.retiredPlatforms) files[`wechatpay_platform_cert_${retired.serial}.pem`] = retired.certificatePem;
  return files;
}

export function keysView(world: SandboxWorld): Record<string, unknown> {
  const { keys } = world;
  return {
    mode: world.mode,
    mchid: keys.mchid,
    merchant_serial: keys.merchant.serial,
    platform_serial: keys.platform.serial,
    retired_platform_serials: world.retiredPlatforms.map(({ serial }) => serial),
    public_key_id: keys.publicKey.id,
    signing_serial: world.mode === 'pubkey' ? keys.publicKey.id : keys.platform.serial,
    files: ['sandbox.json', ...Object.keys(publicFiles(world))],
  };
}
