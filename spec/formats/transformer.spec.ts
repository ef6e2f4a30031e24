import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidArgumentException } from '../../lib/errors';
import { Transformer, XmlParseError } from '../../lib/formats/transformer';
import { PAYMENT_NOTIFICATION, REFUND_REQ_INFO_PLAINTEXT, SENDREDPACK_REQUEST, UNIFIEDORDER_RESPONSE } from '../helpers/v2-xml-samples';

/** The error `fn` throws, for assertions on its fields. */
function errorOf(fn: () => unknown): XmlParseError {
  try {
    fn();
  } catch (error) {
    return error as XmlParseError;
  }
  throw new Error('expected a throw');
}

describe('Transformer.toArray', () => {
  describe('the shapes of WeChat Pay documents', () => {
    it('reads a unifiedorder response: CDATA merged, blanks between fields dropped', () => {
      expect(Transformer.toArray(UNIFIEDORDER_RESPONSE)).toEqual({
        return_code: 'SUCCESS',
        return_msg: 'OK',
        appid: 'wx2421b1c4370ec43b',
        mch_id: '10000100',
        nonce_str: 'IITRi8Iabbblz1Jc',
        sign: '7921E432F65EB8ED0CE9755F0E86D72F',
        result_code: 'SUCCESS',
        prepay_id: 'wx201411101639507cbf6ffd8b0779950874',
        trade_type: 'JSAPI',
      });
    });

    it.each([
      ['payment notification', PAYMENT_NOTIFICATION, ['appid', 'attach', 'bank_type', 'fee_type', 'is_subscribe', 'mch_id', 'nonce_str', 'openid',
        'out_trade_no', 'result_code', 'return_code', 'sign', 'time_end', 'total_fee', 'coupon_fee', 'coupon_count', 'coupon_type',
        'coupon_id', 'trade_type', 'transaction_id']],
      ['refund req_info plaintext (root <root>)', REFUND_REQ_INFO_PLAINTEXT, ['out_refund_no', 'out_trade_no', 'refund_account', 'refund_fee',
        'refund_id', 'refund_recv_accout', 'refund_request_source', 'refund_status', 'settlement_refund_fee', 'settlement_total_fee',
        'success_time', 'total_fee', 'transaction_id']],
      ['sendredpack request', SENDREDPACK_REQUEST, ['sign', 'mch_billno', 'mch_id', 'wxappid', 'send_name', 're_openid', 'total_amount',
        'total_num', 'wishing', 'client_ip', 'act_name', 'remark', 'scene_id', 'nonce_str', 'risk_info']],
    ])('reads a %s: exactly its fields, in order, all strings without CDATA marks', (_name, xml, keys) => {
      const fields = Transformer.toArray(xml);
      expect(Object.keys(fields)).toEqual(keys);
      for (const value of Object.values(fields)) {
        expect(typeof value).toBe('string');
        expect(value).not.toContain('<![CDATA[');
        expect(value).not.toContain(']]>');
      }
    });

    it('keeps numbers as text and non-ASCII as is', () => {
      const fields = Transformer.toArray(PAYMENT_NOTIFICATION);
      expect(fields.total_fee).toBe('1');
      expect(fields.attach).toBe('支付测试');
      expect(Transformer.toArray(SENDREDPACK_REQUEST).risk_info).toBe('posttime%3d1700000000%26clientversion%3d8.0.0%26mobile%3d13800000000%26deviceid%3dIOS');
      expect(Transformer.toArray('<xml><a>001</a><b>1.50</b><c>😀 微信支付</c></xml>')).toEqual({ a: '001', b: '1.50', c: '😀 微信支付' });
    });

    it('reads bytes as UTF-8, and a BOM and XML declaration in front', () => {
      const bytes = Buffer.from(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<xml><name>微信支付</name></xml>\n`, 'utf8');
      expect(Transformer.toArray(bytes)).toEqual({ name: '微信支付' });
      expect(Transformer.toArray(new Uint8Array(bytes))).toEqual({ name: '微信支付' });
    });
  });

  describe('the PHP rules', () => {
    it('reads text-only children as strings, keeping their blanks', () => {
      expect(Transformer.toArray('<xml><a> x </a><g> </g></xml>')).toEqual({ a: ' x ', g: ' ' });
    });

    it('reads empty children as empty strings, attributes and all', () => {
      expect(Transformer.toArray('<xml><e/><f></f><g type="x"/><h id="1">text</h></xml>')).toEqual({ e: '', f: '', g: '', h: 'text' });
    });

    it('nests children that have children, with their attributes under @attributes', () => {
      expect(Transformer.toArray('<xml><detail kind="goods"><id>1</id><name>n</name></detail></xml>')).toEqual({
        detail: { '@attributes': { kind: 'goods' }, id: '1', name: 'n' },
      });
    });

    it('turns repeated siblings into a list, and leaves a single one alone', () => {
      expect(Transformer.toArray('<xml><a>1</a><b>x</b><a>2</a><a>3</a></xml>')).toEqual({ a: ['1', '2', '3'], b: 'x' });
    });

    it('reads the batch shape of fragment injection samples as a list of records', () => {
      const xml = `<batchjob>
        <payment><account>5678-attacker</account><amount>100.00</amount><comment></comment></payment>
        <payment><account>1234-victim</account><amount>100.00</amount><comment>Hacked</comment></payment>
      </batchjob>`;
      expect(Transformer.toArray(xml)).toEqual({
        payment: [
          { account: '5678-attacker', amount: '100.00', comment: '' },
          { account: '1234-victim', amount: '100.00', comment: 'Hacked' },
        ],
      });
    });

    it('ignores the root name, puts root attributes under @attributes first', () => {
      expect(Transformer.toArray('<response version="2" lang="zh"><a>1</a></response>')).toEqual({
        '@attributes': { version: '2', lang: 'zh' },
        a: '1',
      });
      expect(Object.keys(Transformer.toArray('<r x="1"><a>1</a></r>'))).toEqual(['@attributes', 'a']);
    });

    it('merges CDATA sections and text into one string', () => {
      expect(Transformer.toArray('<xml><a><![CDATA[x]]]]><![CDATA[>y]]></a><b>1<![CDATA[<2>]]>3</b></xml>')).toEqual({ a: 'x]]>y', b: '1<2>3' });
    });

    it('flattens mixed content to its text', () => {
      expect(Transformer.toArray('<xml><m>text<b>1</b>tail</m></xml>')).toEqual({ m: 'texttail' });
    });

    it('skips comments and processing instructions', () => {
      expect(Transformer.toArray('<?xml version="1.0"?><!-- c --><xml><!-- c --><a>1<!-- c -->2</a><?pi data?></xml><!-- c -->')).toEqual({ a: '12' });
    });

    it('decodes the five predefined entities and character references, nothing else', () => {
      expect(Transformer.toArray('<xml><a>&lt;&gt;&amp;&quot;&apos;&#20013;&#x6587;&#x1F600;</a><b c="&amp;&#9;"><d/></b></xml>')).toEqual({
        a: '<>&"\'中文😀',
        b: { '@attributes': { c: '&\t' }, d: '' },
      });
    });

    it('normalises line ends (CRLF → LF) and attribute blanks, as XML requires', () => {
      expect(Transformer.toArray('<xml x="a\r\nb">\r\n<a>l1\r\nl2\rl3</a><b>&#13;</b></xml>')).toEqual({
        '@attributes': { x: 'a b' },
        a: 'l1\nl2\nl3',
        b: '\r',
      });
    });

    it('drops characters XML cannot carry, as PHP sanitize() does', () => {
      expect(Transformer.toArray('<xml><a>x\u0000\u0008y\uFFFE</a></xml>')).toEqual({ a: 'xy' });
    });

    it('gives {} for empty input, and reads the default <xml/>', () => {
      expect(Transformer.toArray('')).toEqual({});
      expect(Transformer.toArray(' \n')).toEqual({});
      expect(Transformer.toArray()).toEqual({});
      expect(Transformer.toArray('<xml>only text</xml>')).toEqual({});
    });

    it('keeps an element called __proto__ as a field, not a prototype', () => {
      const fields = Transformer.toArray('<xml><__proto__><polluted>1</polluted></__proto__></xml>');
      expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
      expect(Object.keys(fields)).toEqual(['__proto__']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('entities are never expanded', () => {
    let server: Server;
    let hits = 0;
    let origin = '';

    beforeAll(async () => {
      server = createServer((_req, res) => {
        hits += 1;
        res.end('<!ENTITY x "expanded">');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('refuses an XXE payload (external entity on a local file)', () => {
      const error = errorOf(() => Transformer.toArray('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>'));
      expect(error).toBeInstanceOf(XmlParseError);
      expect(error.message).toBe('Parsing the XML failed at offset 0: a DOCTYPE is refused (entities are never declared or expanded)');
      expect(error.message).not.toMatch(/root:/);
    });

    it('refuses external DTDs and entities without fetching anything', () => {
      const payloads = [
        `<?xml version="1.0"?><!DOCTYPE xml SYSTEM "${origin}/evil.dtd"><xml><a>&x;</a></xml>`,
        `<!DOCTYPE xml [<!ENTITY % p SYSTEM "${origin}/p.dtd"> %p;]><xml><a>&x;</a></xml>`,
        `<!DOCTYPE xml [<!ENTITY e SYSTEM "${origin}/e.txt">]><xml><a>&e;</a></xml>`,
      ];
      for (const payload of payloads) expect(() => Transformer.toArray(payload)).toThrow(/DOCTYPE is refused/);
      expect(hits).toBe(0);
    });

    it('refuses a billion-laughs payload at once', () => {
      const lol = ['<!DOCTYPE lolz [', '<!ENTITY lol "lol">'];
      for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
      const payload = `<?xml version="1.0"?>\n${lol.join('\n')}\n]>\n<lolz>&lol9;</lolz>`;
      // Refused at the DOCTYPE, before any entity could be read, let alone expanded.
      expect(() => Transformer.toArray(payload)).toThrow(/DOCTYPE is refused/);
      expect(() => Transformer.toArray(payload)).toThrow(XmlParseError);
    });

    it('refuses references to entities nobody declared', () => {
      expect(() => Transformer.toArray('<xml><a>&e;</a></xml>')).toThrow(
        'Parsing the XML failed at offset 8: the entity &e; is not defined (only the five predefined entities are decoded)',
      );
      expect(() => Transformer.toArray('<xml><a b="&nbsp;"/></xml>')).toThrow(/the entity &nbsp; is not defined/);
    });
  });

  describe('malformed input', () => {
    it.each([
      ['an unclosed element', '<xml><return_code>SUCCESS</return_code><return_msg>OK', 'unclosed element <return_msg>', 39],
      ['a mismatched closing tag', '<?xml version="1.0" standalone="yes"?>\n<movies>\n <movie>\n  <titles>PHP</title>\n </movie>\n</movies>\n',
        'the closing tag </title> does not match the open element <titles>', 70],
      ['an HTML 404 page', '<!DOCTYPE html><html><body>404 Not Found</body></html>', 'a DOCTYPE is refused (entities are never declared or expanded)', 0],
      ['HTML without a DOCTYPE', '<html><body><p>Not Found<br></p></body></html>', 'the closing tag </p> does not match the open element <br>', 28],
      ['plain text', 'SUCCESS', 'text before the root element', 0],
      ['a JSON body', '{"code":"PARAM_ERROR"}', 'text before the root element', 0],
      ['text after the root', '<xml></xml>trailing', 'text after the root element', 11],
      ['a second root', '<xml/><xml/>', 'a second root element', 6],
      ['only a comment', '<!-- nothing -->', 'no root element', 16],
      ['a stray closing tag', '</xml>', 'a closing tag </xml> without an open element', 0],
      ['an unterminated comment', '<xml><!-- c </xml>', 'unterminated comment', 5],
      ["'--' inside a comment", '<xml><!-- a -- b --></xml>', "'--' is not allowed inside a comment", 12],
      ['an unterminated CDATA section', '<xml><a><![CDATA[x</a></xml>', 'unterminated CDATA section', 8],
      ["']]>' in text", '<xml><a>x]]>y</a></xml>', "']]>' is not allowed in text", 9],
      ['a bare ampersand', '<xml><a>A & B</a></xml>', "a bare '&' (write &amp;)", 10],
      ['a reference without its semicolon', '<xml><a>&amp</a></xml>', "the reference &amp lacks its ';'", 8],
      ['an illegal character reference', '<xml><a>&#0;</a></xml>', 'the character reference &#0; is not a legal XML character', 8],
      ['an unquoted attribute', '<xml a=1></xml>', 'expected a quoted value for the attribute a', 7],
      ['a repeated attribute', '<xml a="1" a="2"></xml>', 'the attribute a is repeated', 11],
      ["'<' in an attribute value", '<xml a="<"></xml>', "'<' in the value of the attribute a", 8],
      ['attributes without whitespace', '<xml a="1"b="2"></xml>', "expected whitespace, '>' or '/>' in the start tag <xml>", 10],
      ['a truncated start tag', '<xml><a', 'unclosed start tag <a>', 5],
      ['a bad element name', '<xml><1a>x</1a></xml>', 'expected a name', 6],
      ['a late XML declaration', '<xml><?xml version="1.0"?></xml>', 'the XML declaration is only allowed at the start', 5],
      ['other <! markup', '<xml><!ELEMENT a ANY></xml>', "unexpected '<!' markup", 5],
    ])('names %s and where it is', (_name, xml, reason, offset) => {
      const error = errorOf(() => Transformer.toArray(xml));
      expect(error).toBeInstanceOf(XmlParseError);
      expect(error.reason).toBe(reason);
      expect(error.offset).toBe(offset);
      expect(error.message).toBe(`Parsing the XML failed at offset ${offset}: ${reason}`);
    });

    it('is an InvalidArgumentException (so also an Error), with a code of its own', () => {
      const error = errorOf(() => Transformer.toArray('<xml>'));
      expect(error).toBeInstanceOf(XmlParseError);
      expect(error).toBeInstanceOf(InvalidArgumentException);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('XmlParseError');
      expect(error.code).toBe('ERR_WECHATPAY_XML_PARSE');
    });

    it('refuses bytes that are not UTF-8', () => {
      expect(() => Transformer.toArray(Buffer.from([0x3c, 0x78, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x78, 0x3e]))).toThrow(
        'Parsing the XML failed at offset 0: the bytes are not valid UTF-8',
      );
    });

    it('refuses nesting deeper than 256 levels, and reads 256', () => {
      const nest = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
      expect(() => Transformer.toArray(nest(256))).not.toThrow();
      expect(() => Transformer.toArray(nest(257))).toThrow('Parsing the XML failed at offset 768: elements nested deeper than 256');
    });

    it('names a <sign> element without the message being redacted as a signature', () => {
      expect(() => Transformer.toArray('<xml><sign>0123456789ABCDEF')).toThrow('Parsing the XML failed at offset 5: unclosed element <sign>');
    });

    it('keeps long names out of messages', () => {
      const name = 'n'.repeat(10_000);
      expect(errorOf(() => Transformer.toArray(`<${name}>`)).message.length).toBeLessThan(200);
    });
  });
});

describe('Transformer.toXml', () => {
  const sample = { appid: 'wx2421b1c4370ec43b', body: 'dummybot', mch_id: '10000100' };

  it('writes a headless <xml> document by default, keys in order', () => {
    expect(Transformer.toXml(sample)).toBe('<xml><appid>wx2421b1c4370ec43b</appid><body>dummybot</body><mch_id>10000100</mch_id></xml>');
  });

  it('writes the declaration and one-space indentation as XMLWriter does', () => {
    const data = { ...sample, detail: [{ goods_detail: '华为手机', url: 'https://huawei.com' }], empty: [] };
    expect(Transformer.toXml(data, false, true, 'qqpay')).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<qqpay>',
        ' <appid>wx2421b1c4370ec43b</appid>',
        ' <body>dummybot</body>',
        ' <mch_id>10000100</mch_id>',
        ' <detail>',
        '  <item>',
        '   <goods_detail>华为手机</goods_detail>',
        '   <url>https://huawei.com</url>',
        '  </item>',
        ' </detail>',
        ' <empty/>',
        '</qqpay>',
        '',
      ].join('\n'),
    );
    expect(Transformer.toXml(sample, false)).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${Transformer.toXml(sample)}\n`);
    expect(Transformer.toXml(sample, true, true)).toMatch(/^<xml>\n <appid>.*<\/xml>\n$/s);
  });

  it('names elements by valid keys only, others by the item name', () => {
    const data = { 中文: 'a', 'ok-name.x:y': 'b', _u: 'c', '': 'd', '1abc': 'e', 'a b': 'f', '@attributes': 'g', list: ['h', 'i'] };
    expect(Transformer.toXml(data, true, false, 'xml', 'row')).toBe(
      '<xml><中文>a</中文><ok-name.x:y>b</ok-name.x:y><_u>c</_u><row>d</row><row>e</row><row>f</row><row>g</row>' +
        '<list><row>h</row><row>i</row></list></xml>',
    );
  });

  it("casts values as PHP's (string)", () => {
    class Money {
      constructor(private readonly cents: number) {}
      toString(): string {
        return (this.cents / 100).toFixed(2);
      }
    }
    const data = { t: true, f: false, n: null, u: undefined, i: 100, d: 1.5, z: 0, s0: '0', big: 12345678901234567890n, m: new Money(150), e: {} };
    expect(Transformer.toXml(data)).toBe(
      '<xml><t>1</t><f></f><n></n><u></u><i>100</i><d>1.5</d><z>0</z><s0>0</s0><big>12345678901234567890</big><m>1.50</m><e/></xml>',
    );
  });

  it('nests Maps and Sets like arrays and objects', () => {
    expect(Transformer.toXml(new Map<unknown, unknown>([['a', 1], [2, 'two'], ['s', new Set(['x'])]]))).toBe(
      '<xml><a>1</a><item>two</item><s><item>x</item></s></xml>',
    );
  });

  it('writes text holding < > & " as CDATA, and apostrophes and new lines as they are', () => {
    expect(Transformer.toXml({ a: 'x<y', b: 'x>y', c: 'R&D', d: 'say "hi"', e: "it's\nok" })).toBe(
      '<xml><a><![CDATA[x<y]]></a><b><![CDATA[x>y]]></b><c><![CDATA[R&D]]></c><d><![CDATA[say "hi"]]></d><e>it\'s\nok</e></xml>',
    );
  });

  it('keeps ]]> inside a value well-formed (PHP writes broken XML here)', () => {
    expect(Transformer.toXml({ a: 'x]]>y' })).toBe('<xml><a><![CDATA[x]]]]><![CDATA[>y]]></a></xml>');
    for (const value of ['x]]>y', ']]>', ']]>]]>', 'a]]]>b', 'a]]>>b', '<]]>&', ']]', 'x]]']) {
      expect(Transformer.toArray(Transformer.toXml({ a: value })).a).toBe(value);
    }
  });

  it('keeps a carriage return through a parser (as a reference)', () => {
    expect(Transformer.toXml({ a: 'l1\r\nl2', b: '<\r>' })).toBe('<xml><a>l1&#13;\nl2</a><b><![CDATA[<]]>&#13;<![CDATA[>]]></b></xml>');
  });

  it('round-trips strings of awkward characters', () => {
    const alphabet = ['<', '>', '&', '"', "'", ']', ']]>', '\r', '\n', '\t', ' ', 'a', '0', '中', '😀', '&amp;', '<![CDATA[', '-->'];
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const data: Record<string, string> = {};
      for (let field = 0; field < 5; field++) {
        let value = '';
        const length = Math.floor(random() * 12);
        for (let i = 0; i < length; i++) value += alphabet[Math.floor(random() * alphabet.length)];
        data[`f${field}`] = value;
      }
      expect(Transformer.toArray(Transformer.toXml(data, round % 2 === 0, round % 3 === 0))).toEqual(data);
    }
  });

  it('round-trips nested data and repeated items', () => {
    const data = { return_code: 'SUCCESS', detail: { goods: ['a', 'b'], cost: '1' }, empty: '' };
    const xml = Transformer.toXml({ ...data, detail: { goods: ['a', 'b'], cost: 1 } });
    expect(xml).toBe('<xml><return_code>SUCCESS</return_code><detail><goods><item>a</item><item>b</item></goods><cost>1</cost></detail><empty></empty></xml>');
    expect(Transformer.toArray(xml)).toEqual({ ...data, detail: { goods: { item: ['a', 'b'] }, cost: '1' } });
  });

  it('refuses what XML cannot hold, naming where', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = { back: circular };
    expect(() => Transformer.toXml(circular)).toThrow('toXml: the data is circular at self.back');
    expect(() => Transformer.toXml({ f: () => 1 })).toThrow('toXml: the value at f is a function, which has no XML text');
    expect(() => Transformer.toXml({ n: [Number.NaN] })).toThrow('toXml: the value at n.0 is the number NaN, which has no XML text');
    expect(() => Transformer.toXml({ c: 'a\u0001b' })).toThrow('toXml: the value at c contains U+0001, which XML 1.0 cannot carry');
    expect(() => Transformer.toXml({}, true, false, '1root')).toThrow(InvalidArgumentException);
    expect(() => Transformer.toXml({}, true, false, 'xml', 'a b')).toThrow('toXml: the item name "a b" is not a valid XML element name');
    // The same object twice, side by side, is not a cycle.
    const shared = { x: '1' };
    expect(Transformer.toXml({ a: shared, b: shared })).toBe('<xml><a><x>1</x></a><b><x>1</x></b></xml>');
  });
});

describe('Transformer on large and hostile input', () => {
  // Throughput is measured in bench/xml-parse.ts; here only the outcome is checked. Quadratic work on any of
  // these 1 MB shapes would take minutes, so the spec's own timeout is what catches it.
  it('parses a 1 MB document of notification-like records', () => {
    const record = (i: number) =>
      `<record id="${i}"><out_trade_no><![CDATA[T${i}-20240101]]></out_trade_no><total_fee>${i}</total_fee>` +
      `<attach>R&amp;D &lt;${i}&gt; 微信支付</attach></record>\n`;
    const records = Array.from({ length: 8_000 }, (_, i) => record(i));
    const result = Transformer.toArray(`<xml>\n${records.join('')}</xml>`) as { record: Array<Record<string, string>> };
    expect(result.record).toHaveLength(8_000);
    expect(result.record[7_999]).toMatchObject({ out_trade_no: 'T7999-20240101', attach: 'R&D <7999> 微信支付' });
  });

  it('finishes hostile 1 MB shapes (entity runs, bracket runs, comments, attributes, siblings)', () => {
    const size = 1 << 20;
    const hostile = [
      `<xml><a>${'&amp;'.repeat(size / 5)}</a></xml>`,
      `<xml><a>${']'.repeat(size)}</a></xml>`,
      `<xml>${'<!-- - -->'.repeat(size / 10)}</xml>`,
      `<xml><a ${Array.from({ length: size / 16 }, (_, i) => `a${i}="${i}"`).join(' ')}/></xml>`,
      `<xml>${'<a/>'.repeat(size / 4)}</xml>`,
    ];
    expect((Transformer.toArray(hostile[0]!) as { a: string }).a).toBe('&'.repeat(size / 5));
    expect((Transformer.toArray(hostile[1]!) as { a: string }).a).toHaveLength(size);
    for (const xml of hostile.slice(2)) expect(() => Transformer.toArray(xml)).not.toThrow();
  }, 60_000);
});
