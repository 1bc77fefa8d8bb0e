#!/usr/bin/env node
// Lists or reads a bucket/container with the official SDKs (@aws-sdk/client-s3, @azure/storage-blob),
// so tests can check what Coffer wrote through a client that is not Coffer's.
//
//   node --openssl-legacy-provider sdk_list.js [--page-size N] PROVIDER ENDPOINT BUCKET PREFIX
//       every object whose key starts with PREFIX, one JSON line each, in listing order:
//         s3:    {"key", "size", "etag"}             (ListObjectsV2, every page)
//         azure: {"key", "size", "etag", "blobType", "committedBlocks", "uncommittedBlocks"}
//                (listBlobsFlat with uncommitted blobs and snapshots included, every page; block
//                counts from Get Block List), plus {"key", "snapshot"} for a snapshot
//       then a last line {"pages": N} (how many list pages were read).
//   node ... sdk_list.js PROVIDER ENDPOINT BUCKET get KEY
//       the bytes of object KEY on stdout.
//   node ... sdk_list.js PROVIDER ENDPOINT BUCKET uploads PREFIX
//       unfinished uploads under PREFIX, one JSON line each: s3 ListMultipartUploads
//       {"key", "uploadId"} (exit code 3 and "NotImplemented" on stderr when the server has no
//       such call, as s3rver); azure: blobs that hold uncommitted blocks {"key", "uncommittedBlocks"}.
//
// PROVIDER is s3 or azure. ENDPOINT: s3 -> the service URL (path-style requests, e.g.
// http://127.0.0.1:4568); azure -> the account URL (Azurite: http://127.0.0.1:10000/devstoreaccount1).
// Credentials from the environment: s3 AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (AWS_REGION,
// default us-east-1); azure AZURE_STORAGE_ACCOUNT (default devstoreaccount1), AZURE_STORAGE_KEY.
// s3rver's continuation tokens use DES: run node with --openssl-legacy-provider when listing it.
"use strict";

function usage(msg) {
  if (msg) process.stderr.write("sdk_list: " + msg + "\n");
  process.stderr.write("usage: sdk_list.js [--page-size N] s3|azure ENDPOINT BUCKET (PREFIX | get KEY | uploads PREFIX)\n");
  process.exit(2);
}

function parseArgs(argv) {
  const args = [];
  let pageSize = 1000;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--page-size") {
      pageSize = parseInt(argv[++i], 10);
      if (!(pageSize > 0)) usage("--page-size needs a positive number");
    } else {
      args.push(argv[i]);
    }
  }
  if (args.length === 4) return { provider: args[0], endpoint: args[1], bucket: args[2], mode: "list", arg: args[3], pageSize };
  if (args.length === 5 && (args[3] === "get" || args[3] === "uploads")) {
    return { provider: args[0], endpoint: args[1], bucket: args[2], mode: args[3], arg: args[4], pageSize };
  }
  usage("wrong arguments");
}

function line(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function pipeToStdout(stream) {
  return new Promise((resolve, reject) => {
    stream.on("error", reject);
    stream.on("end", resolve);
    stream.pipe(process.stdout, { end: false });
  });
}

// -- S3 ---------------------------------------------------------------------------------------------
async function s3(opts) {
  const { S3Client, ListObjectsV2Command, GetObjectCommand, ListMultipartUploadsCommand } = require("@aws-sdk/client-s3");
  const id = process.env.AWS_ACCESS_KEY_ID, secret = process.env.AWS_SECRET_ACCESS_KEY;
  if (!id || !secret) usage("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set");
  const client = new S3Client({
    endpoint: opts.endpoint,
    region: process.env.AWS_REGION || "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: id, secretAccessKey: secret },
    maxAttempts: 1,
  });
  if (opts.mode === "list") {
    let token, pages = 0;
    do {
      const r = await client.send(new ListObjectsV2Command({
        Bucket: opts.bucket, Prefix: opts.arg, MaxKeys: opts.pageSize, ContinuationToken: token,
      }));
      pages++;
      for (const o of r.Contents || []) line({ key: o.Key, size: o.Size, etag: o.ETag });
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    line({ pages });
  } else if (opts.mode === "get") {
    const r = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: opts.arg }));
    await pipeToStdout(r.Body);
  } else {
    let keyMarker, uploadIdMarker;
    try {
      do {
        const r = await client.send(new ListMultipartUploadsCommand({
          Bucket: opts.bucket, Prefix: opts.arg, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker,
        }));
        for (const u of r.Uploads || []) line({ key: u.Key, uploadId: u.UploadId });
        keyMarker = r.IsTruncated ? r.NextKeyMarker : undefined;
        uploadIdMarker = r.IsTruncated ? r.NextUploadIdMarker : undefined;
      } while (keyMarker);
    } catch (e) {
      if (e.name === "NotImplemented") {
        process.stderr.write("NotImplemented: the server does not implement ListMultipartUploads\n");
        process.exit(3);
      }
      throw e;
    }
  }
}

// -- Azure ------------------------------------------------------------------------------------------
async function azure(opts) {
  const { BlobServiceClient, StorageSharedKeyCredential } = require("@azure/storage-blob");
  const account = process.env.AZURE_STORAGE_ACCOUNT || "devstoreaccount1";
  const key = process.env.AZURE_STORAGE_KEY;
  if (!key) usage("AZURE_STORAGE_KEY must be set");
  const service = new BlobServiceClient(opts.endpoint, new StorageSharedKeyCredential(account, key),
                                        { retryOptions: { maxTries: 1 } });
  const container = service.getContainerClient(opts.bucket);
  if (opts.mode === "get") {
    const r = await container.getBlobClient(opts.arg).download();
    await pipeToStdout(r.readableStreamBody);
    return;
  }
  let pages = 0;
  const iter = container.listBlobsFlat({ prefix: opts.arg, includeUncommitedBlobs: true, includeSnapshots: true })
    .byPage({ maxPageSize: opts.pageSize });
  for await (const page of iter) {
    pages++;
    for (const b of page.segment.blobItems) {
      if (b.snapshot) {
        if (opts.mode === "list") line({ key: b.name, snapshot: b.snapshot });
        continue;
      }
      let committed = null, uncommitted = null;
      if (b.properties.blobType === "BlockBlob") {
        const bl = await container.getBlockBlobClient(b.name).getBlockList("all");
        committed = (bl.committedBlocks || []).length;
        uncommitted = (bl.uncommittedBlocks || []).length;
      }
      if (opts.mode === "list") {
        line({ key: b.name, size: b.properties.contentLength, etag: b.properties.etag,
               blobType: b.properties.blobType, committedBlocks: committed, uncommittedBlocks: uncommitted });
      } else if (uncommitted) {
        line({ key: b.name, uncommittedBlocks: uncommitted });
      }
    }
  }
  if (opts.mode === "list") line({ pages });
}

const opts = parseArgs(process.argv.slice(2));
const run = opts.provider === "s3" ? s3 : opts.provider === "azure" ? azure : usage("provider must be s3 or azure");
run(opts).catch((e) => {
  const code = e.$metadata ? e.$metadata.httpStatusCode : e.statusCode;
  process.stderr.write("sdk_list: " + (e.name || "Error") + (code ? " (HTTP " + code + ")" : "") + ": " + e.message + "\n");
  process.exit(1);
});
