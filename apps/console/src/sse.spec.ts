import { SseParser } from './sse';

describe('SseParser', () => {
  it('reads named events with JSON data, skipping comments', () => {
    const p = new SseParser();
    const events = p.push('retry: 3000\nevent: hello\ndata: {"role":"viewer"}\n\n: keep-alive\n\nevent: proposal\ndata: {"proposalId":"global:2"}\n\n');
    expect(events).toEqual([
      { event: 'hello', data: '{"role":"viewer"}' },
      { event: 'proposal', data: '{"proposalId":"global:2"}' },
    ]);
    expect(p.retryMs).toBe(3000);
  });

  it('joins data lines, defaults the event name, and waits for the blank line', () => {
    const p = new SseParser();
    expect(p.push('data: a\ndata: b\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('gives the same events however the stream is cut, CRLF pairs included', () => {
    const text = 'event: loan\r\ndata: {"loanId":"l1"}\r\n\r\nid: 7\rdata:x\r\rdata: y\n\n';
    const whole = new SseParser().push(text);
    expect(whole).toEqual([
      { event: 'loan', data: '{"loanId":"l1"}' },
      { event: 'message', data: 'x', id: '7' },
      { event: 'message', data: 'y', id: '7' },
    ]);
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new SseParser();
      expect([...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))]).toEqual(whole);
    }
  });

  it('keeps a CR pending across an empty chunk (fuzz counterexample: "\\r" | "" | "\\n")', () => {
    const p = new SseParser();
    const got = [...p.push('event: a\r\ndata: x\r'), ...p.push(''), ...p.push('\n'), ...p.push('data: y\n\n')];
    expect(got).toEqual([{ event: 'a', data: 'x\ny' }]);
  });

  it('dispatches nothing for an event without data', () => {
    expect(new SseParser().push('event: proposal\n\n')).toEqual([]);
  });
});
