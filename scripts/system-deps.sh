#!/usr/bin/env bash
# System packages the tests read, installed with apt-get when missing (CI's fresh machine):
# Debian's Chromium for the browser tests (playwright-core never downloads a browser) and
# libonnx-testdata for @gradcam/onnx's conformance test, redis-server for gradcam batch --queue
# (the tests start their own on a random loopback port; the service apt may start is not used),
# fonts for @gradcam/ocr's rendered lines. Without root or apt-get it says what is missing;
# those tests then skip, naming the package, or fail under CI (CI=1, as .ci/run sets).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/libonnx-testdata/data/node ] || missing+=(libonnx-testdata)
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
# Fonts @gradcam/ocr's tests render text lines with (sharp draws SVG text through fontconfig).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || missing+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || missing+=(fonts-liberation)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${missing[*]} (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "not installed: ${missing[*]} (apt-get install -y ${missing[*]}); the tests that need them skip, or fail when CI is set" >&2
fi
