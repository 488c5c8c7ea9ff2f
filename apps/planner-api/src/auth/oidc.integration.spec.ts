import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { exportJWK, generateKeyPair, JWTPayload, KeyLike, SignJWT, UnsecuredJWT } from 'jose';
import request from 'supertest';
import { TOPICS } from '@imc/contracts';
import { EventPublisher, KAFKA_ADMIN, loadConfig, OutgoingRecord } from '@imc/platform';
import { configureJsonBody } from '../http/json-body';
import { WriteThrottlerGuard } from '../http/write-throttler.guard';
import { PlannerApiModule } from '../planner-api.module';
import { PlannerView } from '../read-model/planner-view';
import { ReadModelService } from '../read-model/read-model.service';
import { proposal, proposedEvent, proposedLoan, unitEvent } from '../testing/fixtures';
import { TokenRegistry } from './token-registry';

/**
 * OpenID Connect through the whole planner API in-process (module, guard, filter; only Kafka is
 * replaced), against an identity provider this spec serves over real HTTP: its discovery document
 * and its key set, fetched by jose as in production.
 */
const AUDIENCE = 'imc-planner-api';
const KID = 'key-1';

interface Provider {
  server: Server;
  issuer: string;
  key: KeyLike;
  requests: string[];
}

async function identityProvider(): Promise<Provider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const { port } = server.address() as AddressInfo;
    const issuer = `http://127.0.0.1:${port}/realms/imc`;
    const body =
      req.url === '/realms/imc/.well-known/openid-configuration' ? { issuer, jwks_uri: `http://127.0.0.1:${port}/realms/imc/certs` } : req.url === '/realms/imc/certs' ? { keys: [jwk] } : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, issuer: `http://127.0.0.1:${port}/realms/imc`, key: privateKey, requests };
}

async function apiApp(env: Record<string, string>, published: OutgoingRecord[]): Promise<INestApplication> {
  const view = new PlannerView();
  view.applyRecord(TOPICS.units, unitEvent('u1'));
  view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [proposedLoan('loan-a', ['u1'])])));
  const readModel = { view, loaded: () => true, detail: () => ({}), start: async () => undefined, onApplicationShutdown: async () => undefined };
  const publisher = { publish: async (records: OutgoingRecord[]) => void published.push(...records), connect: async () => undefined, disconnect: async () => undefined };
  const config = loadConfig(env);
  const { registry } = TokenRegistry.fromConfig(config.IMC_API_TOKENS, false, config.oidc !== undefined);
  const moduleRef = await Test.createTestingModule({ imports: [PlannerApiModule.register(config, registry)] })
    .overrideProvider(KAFKA_ADMIN)
    .useValue({ describeCluster: async () => ({ brokers: [{}] }), disconnect: async () => undefined })
    .overrideProvider(EventPublisher)
    .useValue(publisher)
    .overrideProvider(ReadModelService)
    .useValue(readModel)
    .overrideGuard(WriteThrottlerGuard)
    .useValue({ canActivate: () => true })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureJsonBody(app);
  await app.init();
  return app;
}

describe('OpenID Connect bearer tokens, against a JWKS served over HTTP', () => {
  let idp: Provider;
  let app: INestApplication;
  const published: OutgoingRecord[] = [];

  const sign = (claims: JWTPayload, o: { key?: KeyLike; issuer?: string; audience?: string; expiresIn?: string | number | null } = {}): Promise<string> => {
    const jwt = new SignJWT({ realm_access: { roles: ['offline_access', 'imc-approver'] }, preferred_username: 'alice', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: KID })
      .setIssuer(o.issuer ?? idp.issuer)
      .setAudience(o.audience ?? AUDIENCE)
      .setSubject('5f0c-alice')
      .setIssuedAt();
    if (o.expiresIn !== null) jwt.setExpirationTime(o.expiresIn ?? '5m');
    return jwt.sign(o.key ?? idp.key);
  };
  const get = (token: string) => request(app.getHttpServer()).get('/v1/proposals/current').set('authorization', `Bearer ${token}`);
  const whatIf = (token: string) => request(app.getHttpServer()).post('/v1/what-if').set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send('{"events":[]}');

  beforeAll(async () => {
    Logger.overrideLogger(false);
    idp = await identityProvider();
    app = await apiApp(
      {
        OIDC_ISSUER: idp.issuer,
        OIDC_AUDIENCE: AUDIENCE,
        OIDC_ROLES_CLAIM: 'realm_access.roles',
        OIDC_ROLE_MAP: 'imc-viewer:viewer,imc-planner:planner,imc-approver:approver',
        OIDC_CLOCK_TOLERANCE_S: '10',
        IMC_API_TOKENS: 'static-viewer-token:viewer',
      },
      published,
    );
  });
  afterAll(async () => {
    await app?.close();
    idp?.server.close();
  });

  it('accepts a valid token, its role from the dotted claim, after discovering the key set once', async () => {
    const res = await get(await sign({}));
    expect(res.status).toBe(200);
    expect(res.body.proposalId).toBe('global:1');
    await get(await sign({}));
    expect(idp.requests.filter((u) => u.endsWith('openid-configuration'))).toHaveLength(1);
    expect(idp.requests.filter((u) => u.endsWith('/certs'))).toHaveLength(1);
  });

  it('names the reviewer of a decision after the token\'s user', async () => {
    const res = await request(app.getHttpServer())
      .post('/v1/proposals/global:1/decisions')
      .set('authorization', `Bearer ${await sign({})}`)
      .set('content-type', 'application/json')
      .send({ decision: 'approved', loanIds: ['loan-a'] });
    expect([res.status, res.body.reviewer]).toEqual([202, 'approver:alice']);
    expect(published.some((r) => JSON.stringify(r.value).includes('approver:alice'))).toBe(true);
  });

  it('keeps the static tokens working beside OIDC', async () => {
    expect((await get('static-viewer-token')).status).toBe(200);
    expect((await get('static-viewer-token-not')).status).toBe(401);
  });

  it.each<[string, () => Promise<string>, number, string]>([
    ['expired', () => sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }), 401, 'token expired'],
    ['wrong audience', () => sign({}, { audience: 'another-app' }), 401, 'token is for another audience (aud), not this API'],
    ['wrong issuer', () => sign({}, { issuer: 'http://127.0.0.1:1/realms/other' }), 401, 'token is from another issuer (iss)'],
    ['signed by a key not in the JWKS', async () => sign({}, { key: (await generateKeyPair('RS256')).privateKey }), 401, 'token is not signed by a key of the issuer'],
    ['without expiry', () => sign({}, { expiresIn: null }), 401, 'token has no expiry (exp)'],
    ['unsigned (alg none)', async () => new UnsecuredJWT({ realm_access: { roles: ['imc-approver'] } }).setIssuer(idp.issuer).setAudience(AUDIENCE).setExpirationTime('5m').encode(), 401, 'token signature algorithm not accepted'],
    ['with no role for this API', () => sign({ realm_access: { roles: ['offline_access'] } }), 403, 'the token carries no role for this API in claim realm_access.roles'],
    ['with the roles claim missing', () => sign({ realm_access: undefined }), 403, 'the token carries no role for this API in claim realm_access.roles'],
  ])('refuses a token %s: %i with a clear reason', async (_, token, status, message) => {
    const res = await get(await token());
    expect([res.status, res.body.message]).toEqual([status, message]);
  });

  it('accepts a token expired within the clock tolerance', async () => {
    expect((await get(await sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 3 }))).status).toBe(200);
  });

  it('gives 403 naming the role when the token\'s role is too low', async () => {
    const viewer = await sign({ realm_access: { roles: ['imc-viewer'] } });
    expect((await get(viewer)).status).toBe(200);
    const res = await whatIf(viewer);
    expect([res.status, res.body.message]).toEqual([403, 'role planner required, token has viewer']);
  });

  it('answers 503, not 401, while the identity provider cannot be reached, and recovers without a restart', async () => {
    const down = await apiApp({ OIDC_ISSUER: 'http://127.0.0.1:9/realms/imc', OIDC_AUDIENCE: AUDIENCE, OIDC_ROLES_CLAIM: 'realm_access.roles', OIDC_ROLE_MAP: 'imc-approver:approver' }, []);
    try {
      const res = await request(down.getHttpServer()).get('/v1/proposals/current').set('authorization', `Bearer ${await sign({})}`);
      expect([res.status, res.body.message]).toEqual([503, "cannot check the token now: the identity provider's keys are unavailable"]);
    } finally {
      await down.close();
    }
  });
});
