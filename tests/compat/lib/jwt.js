// Verifies a Bearer token as a receiver of pushes, tasks or scheduler jobs would: RS256, signed by a key of the JWKS
// that the server's OpenID discovery document points to, from the issuer it names. Node's own crypto, no library.
//
//   const claims = await verifyBearer(env.server.baseUrl, request.headers.authorization);

import assert from 'node:assert/strict';
import {createPublicKey, verify} from 'node:crypto';

/** GET `url` and its JSON body, asserting a 200. */
export async function getJson(url) {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url} answered ${response.status}`);
  return response.json();
}

function base64UrlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/**
 * The issuer a server's tokens must name: a single server names itself; a cluster names one issuer for all its nodes,
 * the address of the node that first needed the signing key when --oidc-issuer is not set (docs/cluster.md, "The
 * signing key"), and every node's discovery document says so.
 */
export async function expectedIssuer(server) {
  if (!server.cluster) return server.baseUrl;
  const nodes = server.cluster.nodes;
  const issuers = await Promise.all(nodes.map(async node => (await getJson(`${node.baseUrl}/.well-known/openid-configuration`)).issuer));
  assert.equal(new Set(issuers).size, 1, `the nodes name different issuers: ${issuers.join(', ')}`);
  assert.ok(nodes.some(node => node.baseUrl === issuers[0]), `the issuer ${issuers[0]} is none of the nodes`);
  return issuers[0];
}

/** Verifies `authorization` ("Bearer <JWT>") against the discovery document at `baseUrl`; returns the claims. */
export async function verifyBearer(baseUrl, authorization) {
  assert.ok(authorization?.startsWith('Bearer '), `expected a Bearer token, got ${authorization}`);
  const token = authorization.slice('Bearer '.length);
  const [header, payload, signature] = token.split('.');
  const head = base64UrlJson(header);
  assert.equal(head.alg, 'RS256');
  assert.equal(head.typ, 'JWT');
  const discovery = await getJson(`${baseUrl}/.well-known/openid-configuration`);
  const jwks = await getJson(discovery.jwks_uri);
  const jwk = jwks.keys.find(k => k.kid === head.kid);
  assert.ok(jwk, `no key ${head.kid} in the server's JWKS`);
  const key = createPublicKey({key: jwk, format: 'jwk'});
  const valid = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
  assert.ok(valid, 'the token signature does not verify with the server key');
  const claims = base64UrlJson(payload);
  assert.equal(claims.iss, discovery.issuer);
  const now = Date.now() / 1000;
  assert.ok(claims.iat <= now + 5 && claims.exp > now, `token not valid now (iat ${claims.iat}, exp ${claims.exp})`);
  return claims;
}
