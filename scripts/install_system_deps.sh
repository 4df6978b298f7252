#!/usr/bin/env bash
# Installs the system packages the test suite needs (Debian): Chromium for the browser
# tests, Pango for WeasyPrint, gettext for translations. Needs root; without root it only
# says what is missing, and the tests that need it will fail with a clear message.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
fc-list 2>/dev/null | grep -qi "dejavu" || missing+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)  # the test OpenID Connect provider
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Mangler systempakker: ${missing[*]}. Installer dem (sudo apt-get install ${missing[*]})." >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
