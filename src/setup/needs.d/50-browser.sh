# The operation/monitoring panels are tested in a real browser: Debian's Chromium and its
# WebDriver, driven headless by Selenium (integration-tests, *BrowserIT).
# apt: chromium chromium-driver
set -euo pipefail
command -v chromium >/dev/null && command -v chromedriver >/dev/null || {
  echo "needs.d/50-browser: chromium or chromedriver missing after install" >&2; exit 1; }
