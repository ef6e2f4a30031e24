/* The simulated WeChat cashier: finds the order by out_trade_no, prepay_id or h5_url; Pay completes it. */
'use strict';
(function () {
  const { api, h, yuan } = window.Sandbox;
  const box = document.getElementById('cashier');
  const query = new URLSearchParams(location.search);

  function find(orders) {
    const outTradeNo = query.get('out_trade_no');
    const prepayId = query.get('prepay_id') || prepayIdIn(query.get('h5_url'));
    return orders.find((order) => (outTradeNo && order.out_trade_no === outTradeNo) ||
      (prepayId && (order.prepay_id === prepayId || prepayIdIn(order.h5_url) === prepayId)));
  }

  function prepayIdIn(url) {
    try { return url ? new URL(url).searchParams.get('prepay_id') : null; } catch (_) { return null; }
  }

  async function show() {
    const state = await api('GET', '/state');
    const order = find(state.orders);
    if (!order) return box.replaceChildren(h('p', { class: 'fault' }, 'No such order in this sandbox. 订单不存在'));
    if (order.trade_state !== 'NOTPAY') return paid(order, 'This order is ' + order.trade_state + '.');
    const openid = h('input', { id: 'openid', value: order.payer_openid || '', placeholder: 'openid (empty: a new user)', disabled: !!order.payer_openid });
    const pay = h('button', { id: 'pay', class: 'pay', onclick: async () => {
      pay.disabled = true;
      try {
        await api('POST', '/orders/' + encodeURIComponent(order.out_trade_no) + '/pay', { openid: openid.value });
        paid(Object.assign({}, order, { trade_state: 'SUCCESS' }));
      } catch (error) {
        pay.disabled = false;
        box.append(h('p', { class: 'fault' }, error.message));
      }
    } }, '确认支付 Pay');
    box.replaceChildren(
      h('div', { class: 'merchant' }, 'Sandbox merchant 沙箱商户'),
      h('div', { class: 'description' }, order.description),
      h('div', { class: 'total' }, yuan(order.total)),
      h('dl', {}, h('dt', {}, '订单号 out_trade_no'), h('dd', {}, order.out_trade_no), h('dt', {}, '支付方式'), h('dd', {}, order.trade_type + ' · 零钱')),
      h('label', {}, 'Pay as 付款用户 openid', openid),
      pay);
  }

  function paid(order, note) {
    box.replaceChildren(
      h('div', { class: 'done' }, '✓'),
      h('div', { class: 'description', id: 'paid' }, note ? note : '支付成功 Payment complete'),
      h('div', { class: 'total' }, yuan(order.total)),
      h('p', { class: 'hint' }, order.notify_url ? 'The payment notification goes to ' + order.notify_url + ' (see Notifications in the console).' : 'The order has no notify_url: no notification is sent.'),
      h('a', { class: 'button', href: '/sandbox/console#notifications' }, '返回控制台 Back to the console'));
  }

  show().catch((error) => box.replaceChildren(h('p', { class: 'fault' }, error.message)));
})();
