import { parseMemberUserData, parseProposalJson } from './parse-wire';

const proposal = { proposalId: 'global:1', scope: 'global', version: 1, loans: [], unmet: [], posture: [] };

describe('parseProposalJson', () => {
  it('reads the JSON the planning worker writes', () => {
    expect(parseProposalJson(JSON.stringify(proposal))).toEqual({ ok: true, proposal });
  });

  it('refuses with a reason, never a throw', () => {
    expect(parseProposalJson('{"proposalId":')).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseProposalJson('null')).toEqual({ ok: false, reason: 'not a Proposal' });
    expect(parseProposalJson(JSON.stringify({ ...proposal, loans: 'none' }))).toEqual({ ok: false, reason: 'not a Proposal' });
  });
});

describe('parseMemberUserData', () => {
  it('reads a claim, an earlier release\'s leadingSince, and empty user data as nothing said', () => {
    const claim = { producerId: '4', epoch: 2 };
    expect(parseMemberUserData(Buffer.from(JSON.stringify({ claim })))).toEqual({ ok: true, claim, leadingSince: undefined });
    expect(parseMemberUserData(Buffer.from('{"leadingSince":17}'))).toEqual({ ok: true, claim: undefined, leadingSince: 17 });
    expect(parseMemberUserData(Buffer.alloc(0))).toEqual({ ok: true });
    expect(parseMemberUserData(undefined)).toEqual({ ok: true });
  });

  it('refuses bytes that are not a JSON object, with a reason', () => {
    expect(parseMemberUserData(Buffer.from([0xff, 0x7b]))).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseMemberUserData(Buffer.from('null'))).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(parseMemberUserData(Buffer.from('[1]'))).toEqual({ ok: false, reason: 'not a JSON object' });
  });
});
