/* The console page: four tabs fed by the console API, kept live by the sandbox's event stream. */
'use strict';
(function () {
  const { token, api, h, yuan, time, badge, toast } = window.Sandbox;
  const $ = (id) => document.getElementById(id);
  /** Replaces an element's children, skipping the empty ones (null, false) that conditional parts leave. */
  const fill = (element, ...children) => element.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false && child !== ''));
  let exchanges = [];
  let selected;
  // A tab is drawn afresh on every change the sandbox reports: what the user opened or typed is kept here,
  // by notification id and by order path, and put back into the new cards.
  const decodedViews = new Map();
  const typedOpenids = new Map();

  // ---- tabs -------------------------------------------------------------------------------------
  function showTab() {
    const name = (location.hash || '#exchanges').slice(1);
    for (const section of document.querySelectorAll('.tab')) section.hidden = section.id !== 'tab-' + name;
    for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.tab === name);
    refresh(name);
  }
  window.addEventListener('hashchange', showTab);

  function refresh(topic) {
    if (topic === 'exchanges') return loadExchanges();
    if (topic === 'orders' || topic === 'state') return loadState();
    if (topic === 'notifications') return loadNotifications();
    if (topic === 'keys') return loadKeys();
  }

  const pending = new Map();
  function refreshSoon(topic) {
    if (pending.has(topic)) return;
    pending.set(topic, setTimeout(() => { pending.delete(topic); refresh(topic); }, 150));
  }

  /** GETs `path` for `topic`; undefined when a later load of the topic began meanwhile (its answer may come first). */
  const loads = new Map();
  async function load(topic, path) {
    const ticket = (loads.get(topic) || 0) + 1;
    loads.set(topic, ticket);
    const answer = await api('GET', path);
    return loads.get(topic) === ticket ? answer : undefined;
  }

  async function act(label, method, path, body) {
    try {
      const result = await api(method, path, body);
      toast(label + ' ✓');
      return result;
    } catch (error) {
      toast(label + ': ' + error.message, true);
    }
  }

  // ---- exchanges ----------------------------------------------------------------------------------
  async function loadExchanges() {
    const loaded = await load('exchanges', '/exchanges');
    if (loaded === undefined) return;
    exchanges = loaded;
    renderExchanges();
  }

  function matches(exchange) {
    const path = $('filter-path').value.trim();
    const status = $('filter-status').value;
    const verdict = $('filter-verdict').value;
    if (path && !exchange.target.includes(path)) return false;
    if (status && !String(exchange.status).startsWith(status)) return false;
    if (verdict && exchange.verdict !== verdict) return false;
    return true;
  }

  const VERDICTS = { valid: 'valid 通过', refused: 'refused 失败', unsigned: 'hook', unchecked: '—' };

  function renderExchanges() {
    const rows = exchanges.filter(matches).reverse().map((exchange) =>
      h('tr', { class: exchange.id === selected ? 'selected' : '', 'data-id': exchange.id, onclick: () => openExchange(exchange.id) },
        h('td', {}, time(exchange.at)),
        h('td', {}, h('b', {}, exchange.method)),
        h('td', { class: 'path' }, exchange.target),
        h('td', {}, badge(exchange.status, 's' + String(exchange.status)[0])),
        h('td', { class: 'num' }, exchange.latencyMs.toFixed(1) + ' ms'),
        h('td', {}, badge(VERDICTS[exchange.verdict], exchange.verdict), exchange.fault ? h('small', { class: 'fault' }, ' ' + exchange.fault) : null)));
    $('exchanges').tBodies[0].replaceChildren(...rows);
  }

  async function openExchange(id) {
    selected = id;
    renderExchanges();
    const exchange = await api('GET', '/exchanges/' + id);
    const panel = $('exchange-detail');
    fill(panel, 
      exchange.diagnosis ? doctor(exchange.diagnosis) : null,
      h('h3', {}, 'Request 请求'),
      h('pre', { class: 'wire' }, exchange.method + ' ' + exchange.target + ' HTTP/1.1'),
      headerTable(exchange.request.headers),
      body(exchange.request.body),
      h('h3', {}, 'Response 响应 ', badge(exchange.status, 's' + String(exchange.status)[0])),
      headerTable(exchange.response.headers),
      body(exchange.response.body));
  }

  function headerTable(headers) {
    return h('table', { class: 'headers' }, Object.entries(headers).map(([name, value]) => h('tr', {}, h('th', {}, name), h('td', {}, value))));
  }

  function body(shown) {
    if (shown.length === 0) return h('p', { class: 'hint' }, '(empty body)');
    if (shown.text === undefined) return h('p', { class: 'hint' }, '(' + shown.length + ' bytes of binary data)');
    let text = shown.text;
    try { text = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* not JSON: as sent */ }
    return h('pre', { class: 'body' }, text, shown.truncated ? '\n…(' + shown.length + ' bytes in all)' : '');
  }

  /** The signature doctor: what is wrong, in words, then the signing string rebuilt line by line. */
  function doctor(diagnosis) {
    const s = diagnosis.signing_string;
    const visible = (text) => text.replace(/\r/g, '␍').replace(/\n/g, '↵\n');
    return h('div', { class: 'doctor', id: 'doctor' },
      h('h3', {}, 'Signature doctor 签名诊断 ', badge(diagnosis.fault, 'refused')),
      h('p', { class: 'diagnosis' }, diagnosis.diagnosis),
      s ? h('div', {},
        h('p', { class: 'hint' }, 'The signing string the sandbox rebuilt from the bytes it received (each line ends with \\n, shown as ↵):'),
        h('table', { class: 'signing' },
          h('tr', {}, h('th', {}, '1 method'), h('td', {}, h('code', {}, s.method + '↵'))),
          h('tr', {}, h('th', {}, '2 request target'), h('td', {}, h('code', {}, s.request_target + '↵'))),
          h('tr', {}, h('th', {}, '3 timestamp'), h('td', {}, h('code', {}, s.timestamp + '↵'))),
          h('tr', {}, h('th', {}, '4 nonce'), h('td', {}, h('code', {}, s.nonce + '↵'))),
          h('tr', {}, h('th', {}, '5 body'), h('td', {},
            h('div', { class: 'hint' }, s.body.length + ' bytes · SHA-256 ' + s.body.sha256),
            h('pre', { class: 'body' }, visible(s.body.text) + '↵', s.body.truncated ? '\n…' : '')))),
        h('p', { class: 'hint' }, 'SHA-256 of the whole signing string: ' + s.sha256)) : null);
  }

  for (const id of ['filter-path', 'filter-status', 'filter-verdict']) $(id).addEventListener('input', renderExchanges);

  // ---- orders ---------------------------------------------------------------------------------------
  const STATES = { NOTPAY: '未支付', SUCCESS: '支付成功', REFUND: '转入退款', CLOSED: '已关闭' };

  async function loadState() {
    const state = await load('state', '/state');
    if (state === undefined) return;
    const focused = document.activeElement && document.activeElement.dataset.payPath;
    fill($('orders'), state.orders.length ? h('div', { class: 'cards' }, state.orders.map(orderCard)) : h('p', { class: 'hint' }, 'No orders yet: place one from your app. 暂无订单'));
    fill($('refunds'), table(['out_refund_no', 'order', 'refund', 'status', 'settle as'], state.refunds.map((refund) => [
      refund.out_refund_no, refund.out_trade_no, yuan(refund.refund) + ' / ' + yuan(refund.total), badge(refund.status),
      h('span', { class: 'actions', 'data-out-refund-no': refund.out_refund_no }, ['SUCCESS', 'CLOSED', 'ABNORMAL'].map((status) => h('button', {
        disabled: refund.status === status,
        onclick: () => act('Refund ' + status, 'POST', '/refunds/' + encodeURIComponent(refund.out_refund_no) + '/settle', { status }),
        'data-status': status,
      }, { SUCCESS: 'succeed 成功', CLOSED: 'fail 关闭', ABNORMAL: 'abnormal 异常' }[status]))),
    ])));
    fill($('combine-orders'), state.combine_orders.length ? h('div', { class: 'cards' }, state.combine_orders.map(combineCard)) : h('p', { class: 'hint' }, 'None yet. 暂无'));
    fill($('contracts'), 
      table(['appid', 'openid', 'state', 'individual_auth_id', ''], state.contracts.map((contract) => [
        contract.appid, contract.openid, badge(contract.auth_state, contract.auth_state === 'AUTHORIZED' ? 'valid' : 'unchecked'), contract.individual_auth_id || '—',
        contract.auth_state === 'AUTHORIZED' ? '' : h('button', { onclick: () => act('Signed', 'POST', '/contracts/' + encodeURIComponent(contract.openid) + '/sign', { appid: contract.appid }) }, 'sign as the user 签约'),
      ])),
      state.pre_signs.length ? h('h3', {}, 'Pre-sign applications 预签约') : null,
      state.pre_signs.length ? table(['out_contract_code', 'scene', 'openid', 'signed', ''], state.pre_signs.map((preSign) => [
        preSign.out_contract_code, preSign.scene, preSign.openid || '—', preSign.signed_time || 'no',
        preSign.signed_time ? '' : h('button', { onclick: () => act('Signed', 'POST', '/contracts/' + encodeURIComponent(preSign.out_contract_code) + '/sign') }, 'sign as the user 签约'),
      ])) : null);
    if (focused) for (const input of document.querySelectorAll('input[data-pay-path]')) if (input.dataset.payPath === focused) input.focus();
  }

  function table(headings, rows) {
    if (rows.length === 0) return h('p', { class: 'hint' }, 'None yet. 暂无');
    return h('table', { class: 'list' }, h('thead', {}, h('tr', {}, headings.map((heading) => h('th', {}, heading)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))));
  }

  const stateBadge = (state) => badge(state + ' ' + STATES[state], state === 'SUCCESS' ? 'valid' : state === 'NOTPAY' ? 'unchecked' : 'refused');

  /** An openid box and "pay as the user": empty means a new user; a payer named at prepay is fixed; what was typed stays. */
  function payAs(path, payer) {
    const openid = h('input', {
      placeholder: payer || 'openid (empty: a new user)', value: payer || typedOpenids.get(path) || '', 'aria-label': 'openid', disabled: !!payer,
      'data-pay-path': path, oninput: () => typedOpenids.set(path, openid.value),
    });
    return [openid, h('button', { class: 'primary pay-as', onclick: () => act('Paid', 'POST', path + '/pay', { openid: openid.value }) }, 'pay as the user 模拟支付')];
  }

  /** A combine order: its state, each sub-order with its own, and the actions on the whole (one payment pays them all). */
  function combineCard(combine) {
    const path = '/combine-orders/' + encodeURIComponent(combine.combine_out_trade_no);
    return h('div', { class: 'card combine', 'data-combine-out-trade-no': combine.combine_out_trade_no },
      h('div', { class: 'card-head' }, h('b', {}, '合单 ' + combine.combine_out_trade_no), stateBadge(combine.trade_state)),
      h('div', { class: 'amount' }, yuan(combine.total), h('small', {}, ' · ' + combine.sub_orders.length + ' sub-orders 子单')),
      h('dl', {},
        h('dt', {}, 'combine_appid'), h('dd', {}, combine.combine_appid),
        h('dt', {}, 'trade_type'), h('dd', {}, combine.trade_type),
        h('dt', {}, 'prepay_id'), h('dd', {}, combine.prepay_id),
        combine.combine_transaction_id ? [h('dt', {}, 'combine_transaction_id'), h('dd', {}, combine.combine_transaction_id)] : null,
        combine.payer_openid ? [h('dt', {}, 'payer'), h('dd', {}, combine.payer_openid)] : null,
        h('dt', {}, 'notify_url'), h('dd', {}, combine.notify_url || '—')),
      h('table', { class: 'list sub-orders' },
        h('thead', {}, h('tr', {}, h('th', {}, 'sub-order 子单'), h('th', {}, 'amount'), h('th', {}, 'state'))),
        h('tbody', {}, combine.sub_orders.map((sub) => h('tr', { 'data-out-trade-no': sub.out_trade_no },
          h('td', {}, sub.out_trade_no, h('div', { class: 'hint' }, sub.description + (sub.individual_auth_id ? ' · payee ' + sub.individual_auth_id : ''))),
          h('td', { class: 'num' }, yuan(sub.total_amount)),
          h('td', {}, stateBadge(sub.trade_state), sub.transaction_id ? h('div', { class: 'hint' }, sub.transaction_id) : null))))),
      combine.trade_state === 'NOTPAY' ? h('div', { class: 'actions' },
        ...payAs(path, combine.payer_openid),
        h('a', { class: 'button', href: '/sandbox/console/cashier?prepay_id=' + encodeURIComponent(combine.prepay_id), target: '_blank', rel: 'noopener' }, 'open the cashier 收银台'),
        h('button', { class: 'close', onclick: () => act('Closed', 'POST', path + '/close') }, 'close 关单')) : null);
  }

  function orderCard(order) {
    const open = order.trade_state === 'NOTPAY';
    const path = '/orders/' + encodeURIComponent(order.out_trade_no);
    // The cashier is reached the way the app would reach it: by prepay_id (JSAPI, mini program, APP), by h5_url, else by the order number.
    const cashier = '/sandbox/console/cashier?' + (order.prepay_id ? 'prepay_id=' + encodeURIComponent(order.prepay_id)
      : order.h5_url ? 'h5_url=' + encodeURIComponent(order.h5_url) : 'out_trade_no=' + encodeURIComponent(order.out_trade_no));
    const qr = h('div', { class: 'qr' });
    if (order.code_qr_svg) qr.innerHTML = order.code_qr_svg; // drawn by the sandbox itself from code_url
    return h('div', { class: 'card order', 'data-out-trade-no': order.out_trade_no },
      h('div', { class: 'card-head' }, h('b', {}, order.description), stateBadge(order.trade_state)),
      h('div', { class: 'amount' }, yuan(order.total), order.refunded ? h('small', {}, ' refunded ' + yuan(order.refunded)) : null),
      h('dl', {},
        h('dt', {}, 'out_trade_no'), h('dd', {}, order.out_trade_no),
        h('dt', {}, 'trade_type'), h('dd', {}, order.trade_type),
        order.transaction_id ? [h('dt', {}, 'transaction_id'), h('dd', {}, order.transaction_id)] : null,
        order.payer_openid ? [h('dt', {}, 'payer'), h('dd', {}, order.payer_openid)] : null,
        order.code_url ? [h('dt', {}, 'code_url'), h('dd', {}, order.code_url)] : null,
        order.h5_url ? [h('dt', {}, 'h5_url'), h('dd', {}, order.h5_url)] : null,
        order.prepay_id ? [h('dt', {}, 'prepay_id'), h('dd', {}, order.prepay_id)] : null,
        h('dt', {}, 'notify_url'), h('dd', {}, order.notify_url || '—')),
      order.code_qr_svg ? qr : null,
      h('div', { class: 'actions' },
        open ? [...payAs(path, order.payer_openid),
          h('a', { class: 'button', href: cashier, target: '_blank', rel: 'noopener' }, 'open the cashier 收银台'),
          h('button', { class: 'close', onclick: () => act('Closed', 'POST', path + '/close') }, 'close 关单')] : null));
  }

  // ---- notifications --------------------------------------------------------------------------------
  const duration = (seconds) => seconds >= 3600 ? seconds / 3600 + ' h' : seconds >= 60 ? seconds / 60 + ' min' : seconds + ' s';

  async function loadNotifications() {
    const view = await load('notifications', '/notifications');
    if (view === undefined) return;
    $('schedule').textContent = 'WeChat Pay retries a notification your server did not accept (a non-2xx answer, a timeout, a refused connection) after ' +
      view.schedule_seconds.map(duration).join(', ') + (view.time_scale === 1 ? '' : ' (compressed ×' + view.time_scale + ' in this sandbox)') +
      '. 通知失败后按此间隔重试。';
    fill($('notifications'), ...(view.notifications.length ? view.notifications.map(notificationCard) : [h('p', { class: 'hint' }, 'No notifications sent yet: an order or refund with a loopback notify_url gets one when it settles. 暂无通知')]));
  }

  function notificationCard(notification) {
    const decoded = decodedViews.get(notification.id) || h('div', { class: 'decoded' });
    decodedViews.set(notification.id, decoded);
    return h('div', { class: 'card notification', 'data-id': notification.id },
      h('div', { class: 'card-head' }, h('b', {}, notification.event_type), ' ', notification.subject || '', badge(notification.state)),
      h('div', { class: 'hint' }, 'id ' + notification.id + ' → ' + notification.url),
      notification.next_attempt_at ? h('div', { class: 'hint' }, 'next attempt at ' + time(notification.next_attempt_at)) : null,
      table(['#', 'time', 'your server answered', 'latency', 'body'], notification.attempts.map((attempt, index) => [
        String(index + 1), time(attempt.at),
        attempt.status !== undefined ? badge(attempt.status, 's' + String(attempt.status)[0]) : badge(attempt.error || 'no answer', 'refused'),
        attempt.durationMs.toFixed(1) + ' ms', h('code', {}, attempt.body || ''),
      ])),
      h('div', { class: 'actions' },
        h('button', { onclick: () => act('Resent', 'POST', '/notifications/' + encodeURIComponent(notification.id) + '/resend') }, 'resend now 重新发送'),
        h('button', { class: 'decode', onclick: async () => {
          try {
            const result = await api('GET', '/notifications/' + encodeURIComponent(notification.id) + '/decoded');
            fill(decoded, h('p', { class: 'hint' }, '✓ signature verified with ' + result.verified_with + ', resource decrypted with the APIv3 key (AEAD_AES_256_GCM):'),
              h('pre', { class: 'body' }, JSON.stringify(result.resource, null, 2)));
          } catch (error) { fill(decoded, h('p', { class: 'fault' }, error.message)); }
        } }, 'decode 解密')),
      decoded);
  }

  // ---- keys -------------------------------------------------------------------------------------
  async function loadKeys() {
    const keys = await load('keys', '/keys');
    if (keys === undefined) return;
    const rows = [
      ['mode', keys.mode === 'pubkey' ? 'pubkey — WeChat Pay public key 微信支付公钥' : 'cert — platform certificate 平台证书'],
      ['mchid', keys.mchid],
      ['merchant API certificate serial', keys.merchant_serial],
      ['responses are signed by', keys.signing_serial],
      ['platform certificate serial', keys.platform_serial],
      ['former platform certificates', keys.retired_platform_serials.join(', ') || '—'],
      ['WeChat Pay public key id', keys.public_key_id],
    ];
    fill($('keys'), 
      h('table', { class: 'headers', id: 'key-table' }, rows.map(([name, value]) => h('tr', {}, h('th', {}, name), h('td', {}, value)))),
      h('h3', {}, 'Downloads 下载'),
      h('p', { class: 'hint' }, 'Client settings and public PEMs only: private keys never leave the sandbox through this page.'),
      h('div', { class: 'actions' }, keys.files.map((name) => h('button', { onclick: () => download(name) }, name))),
      h('h3', {}, 'Rotation 证书轮换'),
      h('button', {
        id: 'rotate', disabled: keys.mode !== 'cert',
        onclick: async () => { if (await act('Rotated', 'POST', '/certificates/rotate')) loadKeys(); },
      }, 'rotate the platform certificate 轮换平台证书'),
      keys.mode === 'cert' ? null : h('p', { class: 'hint' }, 'Pubkey mode has no platform certificate to rotate.'));
  }

  async function download(name) {
    const response = await fetch('/sandbox/console/api/downloads/' + encodeURIComponent(name), { headers: { 'X-Sandbox-Console-Token': token } });
    if (!response.ok) return toast('Download failed: HTTP ' + response.status, true);
    const link = h('a', { href: URL.createObjectURL(await response.blob()), download: name });
    link.click();
    URL.revokeObjectURL(link.href);
  }

  // ---- live -----------------------------------------------------------------------------------------
  function connect() {
    const events = new EventSource('/sandbox/console/events?token=' + encodeURIComponent(token));
    events.onopen = () => { $('live').textContent = '● live'; $('live').className = 'live on'; };
    events.onerror = () => { $('live').textContent = '○ reconnecting…'; $('live').className = 'live'; };
    events.addEventListener('exchange', (event) => {
      exchanges.push(JSON.parse(event.data));
      if (exchanges.length > 500) exchanges.shift();
      renderExchanges();
    });
    events.addEventListener('changed', (event) => {
      const { topic } = JSON.parse(event.data);
      const visible = (location.hash || '#exchanges').slice(1);
      if (topic === 'state' && visible === 'orders') refreshSoon('state');
      if (topic === visible) refreshSoon(topic);
    });
  }

  showTab();
  loadExchanges();
  connect();
})();
