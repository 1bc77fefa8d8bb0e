#!/usr/bin/env bash
# Runs build/bin/storage-bench against the filesystem, a local s3rver and a local Azurite (both
# from tests/storage/node_modules, installed by scripts/setup), on loopback, then stops them.
#   bench/storage-bench.sh [--bytes N] [--runs R]
set -euo pipefail
cd "$(dirname "$0")/.."
tools=tests/storage/node_modules
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  local deadline=$((SECONDS + 60))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "port $1 did not open" >&2; exit 1; }
    sleep 0.2
  done
}

s3port=$(free_port)
mkdir -p "$work/s3"
node --openssl-legacy-provider "$tools/s3rver/bin/s3rver.js" -d "$work/s3" -a 127.0.0.1 -p "$s3port" --silent \
  --configure-bucket bench >/dev/null 2>&1 &
pids+=($!)
azport=$(free_port)
"$tools/.bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$azport" --location "$work/azurite" --silent \
  --disableTelemetry --skipApiVersionCheck >/dev/null 2>&1 &
pids+=($!)
wait_port "$s3port"
wait_port "$azport"

account=devstoreaccount1
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='  # Azurite's public dev key
# Create the container with a Shared Key request.
/usr/bin/python3 - "$azport" "$account" "$key" <<'PY'
import base64, datetime, hashlib, hmac, sys, urllib.request
port, acct, key = sys.argv[1], sys.argv[2], base64.b64decode(sys.argv[3])
date = datetime.datetime.now(datetime.timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")
h = {"x-ms-date": date, "x-ms-version": "2021-08-06"}
sts = "PUT\n" + "\n" * 11 + "".join("%s:%s\n" % kv for kv in sorted(h.items())) + "/%s/%s/bench\nrestype:container" % (acct, acct)
h["Authorization"] = "SharedKey %s:%s" % (acct, base64.b64encode(hmac.new(key, sts.encode(), hashlib.sha256).digest()).decode())
h["Content-Length"] = "0"
urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:%s/%s/bench?restype=container" % (port, acct), method="PUT", headers=h))
PY

mkdir -p "$work/file"
AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AZURE_STORAGE_ACCOUNT=$account AZURE_STORAGE_KEY=$key \
  "${STORAGE_BENCH:-build/bin/storage-bench}" --dir "$work" \
  --location "file://$work/file" \
  --location "s3://bench/run?endpoint=http://127.0.0.1:$s3port&force-path-style=true&region=us-east-1" \
  --location "azure://bench/run?account=$account&endpoint=http://127.0.0.1:$azport/$account" \
  "$@"
