#!/usr/bin/env node
// Signs the requests described in a JSON file with AWS's own SigV4 signer (@smithy/signature-v4)
// and prints the results as JSON, for comparison with Coffer's C++ signer
// (src/storage/s3/sigv4_compare_test.cpp writes the input and checks the output).
//
// Input: [{method, host, path (decoded), query: [[name, value], ...] (decoded),
//          headers: [[name, value], ...], payloadHash, region, accessKey, secretKey,
//          sessionToken, date (unix seconds), expires (0: Authorization header, else presign)}]
// Output: [{authorization} | {query: {name: value}}] in the same order.
'use strict';

const fs = require('fs');
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');
const { escapeUriPath } = require('@smithy/core/protocols');

async function signOne(c) {
  const signer = new SignatureV4({
    service: 's3',
    region: c.region,
    credentials: {
      accessKeyId: c.accessKey,
      secretAccessKey: c.secretKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    },
    sha256: Sha256,
    uriEscapePath: false, // S3: the path is encoded once, by the client, and signed as sent
    applyChecksum: true,
  });
  const query = {};
  for (const [name, value] of c.query) {
    if (name in query) {
      query[name] = [].concat(query[name], value);
    } else {
      query[name] = value;
    }
  }
  const headers = {};
  for (const [name, value] of c.headers) headers[name] = value;
  headers['x-amz-content-sha256'] = c.payloadHash;
  const request = {
    method: c.method,
    protocol: 'https:',
    hostname: c.host,
    path: escapeUriPath(c.path),
    query,
    headers,
  };
  const signingDate = new Date(c.date * 1000);
  if (!c.expires) {
    const signed = await signer.sign(request, { signingDate });
    return { authorization: signed.headers.authorization };
  }
  // Presigning as S3 does it: the payload is UNSIGNED-PAYLOAD and not a signed header.
  const keep = new Set(['x-amz-content-sha256']);
  const signed = await signer.presign(request, {
    signingDate,
    expiresIn: c.expires,
    unsignableHeaders: keep,
    unhoistableHeaders: keep,
  });
  return { query: signed.query };
}

async function main() {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = [];
  for (const c of cases) out.push(await signOne(c));
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
