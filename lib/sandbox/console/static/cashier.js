/*
 * The simulated WeChat cashier: finds the order by out_trade_no, prepay_id or h5_url (an H5 order's
 * h5_url is this page itself), or the combine order by combine_out_trade_no or prepay_id; Pay completes it.
 */
'use strict';
(function () {
  const { api, h, yuan } = window.Sandbox;
  const box = document.getElementById('cashier');
  const query = new URLSearchParams(location.search);

  function prepayIdIn(url) {
    try { return url ? new URL(url, location.href).searchParams.get('prepay_id') : null; } catch (_) { return null; }
  }

  /** What the page pays, order or combine order, in one shape. */
  function payable(state) {
    const outTradeNo = query.get('out_trade_no');
    const combineOutTradeNo = query.get('combine_out_trade_no');
    const prepayId = query.get('prepay_id') || prepayIdIn(query.get('h5_url'));
    const order = state.orders.find((candidate) => (outTradeNo && candidate.out_trade_no === outTradeNo) ||
      (prepayId && (candidate.prepay_id === prepayId || prepayIdIn(candidate.h5_url) === prepayId)));
    if (order) {
      return {
        description: order.description, total: order.total, state: order.trade_state, payer: order.payer_openid, notifyUrl: order.notify_url,
        path: '/orders/' + encodeURIComponent(order.out_trade_no),
        facts: [['订单号 out_trade_no', order.out_trade_no], ['支付方式', order.trade_type + ' · 零钱']],
      };
    }
    const combine = state.combine_orders.find((candidate) => (combineOutTradeNo && candidate.combine_out_trade_no === combineOutTradeNo) ||
      (prepayId && candidate.prepay_id === prepayId));
    if (!combine) return undefined;
    return {
      description: '合单支付 · ' + combine.sub_orders.length + ' 笔子单', total: combine.total, state: combine.trade_state, payer: combine.payer_openid, notifyUrl: combine.notify_url,
      path: '/combine-orders/' + encodeURIComponent(combine.combine_out_trade_no),
      facts: [['合单号 combine_out_trade_no', combine.combine_out_trade_no]].concat(combine.sub_orders.map((sub) => [sub.out_trade_no, sub.description + ' ' + yuan(sub.total_amount)])),
    };
  }

  async function show() {
    const it = payable(await api('GET', '/state'));
    if (!it) return box.replaceChildren(h('p', { class: 'fault' }, 'No such order in this sandbox. 订单不存在'));
    if (it.state !== 'NOTPAY') return paid(it, 'This order is ' + it.state + '.');
    const openid = h('input', { id: 'openid', value: it.payer || '', placeholder: 'openid (empty: a new user)', disabled: !!it.payer });
    const pay = h('button', { id: 'pay', class: 'pay', onclick: async () => {
      pay.disabled = true;
      try {
        await api('POST', it.path + '/pay', { openid: openid.value });
        paid(it);
      } catch (error) {
        pay.disabled = false;
        box.append(h('p', { class: 'fault' }, error.message));
      }
    } }, '确认支付 Pay');
    box.replaceChildren(
      h('div', { class: 'merchant' }, 'Sandbox merchant 沙箱商户'),
      h('div', { class: 'description' }, it.description),
      h('div', { class: 'total' }, yuan(it.total)),
      h('dl', {}, it.facts.flatMap(([name, value]) => [h('dt', {}, name), h('dd', {}, value)])),
      h('label', {}, 'Pay as 付款用户 openid', openid),
      pay);
  }

  /** The merchant's H5 return page, when it appended one to h5_url (http or https only). */
  function returnLink() {
    const url = query.get('redirect_url');
    try {
      const parsed = url ? new URL(url) : null;
      return parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') ? h('a', { class: 'button', id: 'return', href: parsed.href }, '返回商家 Back to the merchant') : null;
    } catch (_) { return null; }
  }

  function paid(it, note) {
    box.replaceChildren(
      h('div', { class: 'done' }, '✓'),
      h('div', { class: 'description', id: 'paid' }, note ? note : '支付成功 Payment complete'),
      h('div', { class: 'total' }, yuan(it.total)),
      h('p', { class: 'hint' }, it.notifyUrl ? 'The payment notification goes to ' + it.notifyUrl + ' (see Notifications in the console).' : 'The order has no notify_url: no notification is sent.'),
      h('div', { class: 'actions centred' }, returnLink(), h('a', { class: 'button', href: '/sandbox/console#notifications' }, '返回控制台 Back to the console')));
  }

  show().catch((error) => box.replaceChildren(h('p', { class: 'fault' }, error.message)));
})();
