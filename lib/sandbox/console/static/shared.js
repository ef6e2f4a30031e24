/* The console pages' common helpers: the run's token, JSON calls to the console API, DOM building. */
'use strict';
(function () {
  const token = document.querySelector('meta[name="sandbox-console-token"]').content;
  const API = '/sandbox/console/api';

  async function api(method, path, body) {
    const response = await fetch(API + path, {
      method,
      headers: Object.assign({ 'X-Sandbox-Console-Token': token }, body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(json.message || 'HTTP ' + response.status);
    return json;
  }

  /** h('td', {class: 'x', onclick: fn}, 'text', child…): text is always text, never markup. */
  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  const yuan = (fen) => '¥' + (fen / 100).toFixed(2);
  const time = (ms) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
  const badge = (text, kind) => h('span', { class: 'badge ' + (kind || String(text).toLowerCase()) }, text);

  function toast(message, failed) {
    const box = document.getElementById('toast');
    if (!box) return;
    box.textContent = message;
    box.className = 'toast' + (failed ? ' failed' : '');
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (box.hidden = true), 4000);
  }

  window.Sandbox = { token, api, h, yuan, time, badge, toast };
})();
