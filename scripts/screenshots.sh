#!/usr/bin/env bash
# Takes the screenshots in docs/screenshots: runs the end-to-end test of the demo's pages
# (tests/e2e FirstHourIT, AdminUiIT, AccountLinkIT and SsoDoctorIT: the reference host with the plugin and examples/configs/dev-idp.json,
# the dev IdP, headless Chromium), which saves each page it checked. Ordinary test runs take none.
#
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-2}

phase bootstrap scripts/bootstrap.sh
phase "FirstHourIT, AdminUiIT, AccountLinkIT and SsoDoctorIT with screenshots" mvn -B -ntp -q verify -pl tests/e2e -am \
  -Dit.test=FirstHourIT,AdminUiIT,AccountLinkIT,SsoDoctorIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -De2e.skip.platform8=true -De2e.screenshots="$PWD/docs/screenshots"
ls -l docs/screenshots
