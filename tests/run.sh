#!/usr/bin/env bash
# The test command: runs the unit tier (plain pytest, no Frappe), the integration tier (pytest
# inside a Frappe bench against a dedicated test site with this checkout installed) and the browser tier
# (people's journeys through the desk in Chromium, with Playwright, against a site served for the run).
#
#   bash tests/run.sh [unit|integration|reliability|browser|all] [pytest arguments...]  (default: all)
#   bash tests/run.sh screenshots      regenerates the README's screenshots under docs/
#
# FRAPPE_BENCH_PATH  the bench (default /home/frappe/frappe-bench)
# CAS_TEST_SITE      the test site, created when missing (default cas-test.localhost)
# CAS_FRESH_SITE     a site made anew on every integration run for the HMIS round trip
#                    (default cas-fresh.localhost; its database is dropped and recreated)
# CAS_BROWSER_SITE   the browser tier's site, made anew on every browser run (default
#                    cas-browser.localhost); failing steps leave screenshots and consoles, and the
#                    servers their logs, under <bench>/logs/cas-browser/
# CAS_CHROMIUM       the Chromium the browser tier drives (default /usr/bin/chromium, Debian's)
set -euo pipefail

tier=${1:-all}
[ $# -gt 0 ] && shift
# Further arguments go to pytest (e.g. -k census, -x), for a developer's narrower run.
pytest_args=("$@")
app_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=${FRAPPE_BENCH_PATH:-/home/frappe/frappe-bench}
site=${CAS_TEST_SITE:-cas-test.localhost}
fresh_site=${CAS_FRESH_SITE:-cas-fresh.localhost}
browser_site=${CAS_BROWSER_SITE:-cas-browser.localhost}
app=cas_coordinated_access

have_bench() { [ -d "$bench/apps/frappe" ] && [ -x "$bench/env/bin/python" ]; }

if have_bench; then py="$bench/env/bin/python"; else py=$(command -v python3); fi

ensure_test_packages() {
	"$py" -c "import pytest, hypothesis, faker" 2>/dev/null ||
		"$py" -m pip install -q "pytest>=8" "hypothesis>=6" "faker>=20"
}

frappe_cli() { (cd "$bench/sites" && ../env/bin/python -m frappe.utils.bench_helper frappe "$@"); }

install_app_into_bench() {
	# The bench's apps/<app> entry points at this checkout, so the site runs exactly the code under test.
	local entry="$bench/apps/$app"
	if [ -e "$entry" ] && [ ! -L "$entry" ]; then
		echo "tests/run.sh: $entry exists and is not a link to a checkout; move it away first." >&2
		exit 2
	fi
	ln -sfn "$app_dir" "$entry"
	local installed
	installed=$(cd / && "$py" -c "import os, $app; print(os.path.dirname(os.path.dirname(os.path.realpath($app.__file__))))" 2>/dev/null || true)
	if [ "$installed" != "$app_dir" ]; then
		echo "== installing $app from $app_dir into the bench's Python"
		"$bench/env/bin/pip" install -q --no-deps -e "$app_dir"
	fi
	grep -qx "$app" "$bench/sites/apps.txt" || printf '%s\n' "$app" >>"$bench/sites/apps.txt"
}

prepare_site() {
	if [ ! -f "$bench/sites/$site/site_config.json" ]; then
		echo "== creating test site $site"
		frappe_cli new-site "$site" --admin-password admin --db-root-username root \
			--mariadb-user-host-login-scope='%'
	fi
	# The test site never writes DocType files or boilerplate back into the checkout.
	frappe_cli --site "$site" set-config developer_mode 0 --parse
	frappe_cli --site "$site" set-config allow_tests True --parse
	# Tests create many users; Frappe throttles more than 60 new users an hour.
	frappe_cli --site "$site" set-config throttle_user_limit 100000 --parse
	if ! frappe_cli --site "$site" list-apps 2>/dev/null | grep -q "^$app"; then
		echo "== installing $app on $site"
		frappe_cli --site "$site" install-app "$app"
	fi
	echo "== migrating $site"
	local log
	log=$(mktemp)
	if ! frappe_cli --site "$site" migrate >"$log" 2>&1; then
		tail -n 60 "$log" >&2
		exit 1
	fi
	rm -f "$log"
}

prepare_fresh_site() {
	echo "== making $fresh_site anew (HMIS round trip)"
	frappe_cli new-site "$fresh_site" --force --admin-password admin --db-root-username root \
		--mariadb-user-host-login-scope='%' >/dev/null
	frappe_cli --site "$fresh_site" set-config developer_mode 0 --parse
	frappe_cli --site "$fresh_site" install-app "$app" >/dev/null
}

ensure_browser_packages() {
	# Playwright drives Debian's Chromium (CAS_CHROMIUM): never its own browser download.
	"$py" -c "import playwright.sync_api" 2>/dev/null || "$py" -m pip install -q "playwright>=1.40"
	local chromium=${CAS_CHROMIUM:-/usr/bin/chromium}
	if [ ! -x "$chromium" ]; then
		echo "tests/run.sh: no Chromium at $chromium (Debian: apt-get install chromium; or set CAS_CHROMIUM)." >&2
		exit 2
	fi
}

run_unit() {
	echo "== unit tier"
	(cd "$app_dir" && "$py" -m pytest tests/unit -q "${pytest_args[@]}")
}

run_integration() {
	if ! have_bench; then
		echo "tests/run.sh: no Frappe bench at $bench: the integration tier cannot run." >&2
		return 2
	fi
	echo "== integration tier on $site (bench $bench)"
	install_app_into_bench
	prepare_site
	prepare_fresh_site
	(cd "$app_dir" && FRAPPE_BENCH_PATH="$bench" CAS_TEST_SITE="$site" CAS_FRESH_SITE="$fresh_site" \
		"$py" -m pytest tests/integration -q -p no:cacheprovider "${pytest_args[@]}")
}

run_reliability() {
	if ! have_bench; then
		echo "tests/run.sh: no Frappe bench at $bench: the reliability tier cannot run." >&2
		return 2
	fi
	echo "== reliability tier on $site (bench $bench)"
	install_app_into_bench
	prepare_site
	(cd "$app_dir" && FRAPPE_BENCH_PATH="$bench" CAS_TEST_SITE="$site" \
		"$py" -m pytest tests/reliability -q -s -p no:cacheprovider "${pytest_args[@]}")
	# The benchmark run at its smallest scale, as a smoke run (figures printed, none asserted); a narrower
	# run (-k ...) is a developer's and skips it.
	if [ ${#pytest_args[@]} -eq 0 ]; then
		echo "== benchmark smoke run (benchmarks/run.py --scale small)"
		(cd "$bench/sites" && ../env/bin/python "$app_dir/benchmarks/run.py" --site "$site" --scale small --repeat 3)
	fi
}

run_browser() {
	# $1: what pytest runs (the tier, or the screenshots script)
	if ! have_bench; then
		echo "tests/run.sh: no Frappe bench at $bench: the browser tier cannot run." >&2
		return 2
	fi
	echo "== browser tier on $browser_site (bench $bench)"
	install_app_into_bench
	ensure_browser_packages
	(cd "$app_dir" && FRAPPE_BENCH_PATH="$bench" CAS_BROWSER_SITE="$browser_site" \
		"$py" -m pytest "$1" -q -p no:cacheprovider --tb=short "${pytest_args[@]}")
}

ensure_test_packages
case "$tier" in
unit) run_unit ;;
integration) run_integration ;;
reliability) run_reliability ;;
browser) run_browser tests/browser ;;
screenshots) run_browser tests/browser/screenshots.py ;;
all) run_unit && run_integration && run_reliability && run_browser tests/browser ;;
*)
	echo "usage: bash tests/run.sh [unit|integration|reliability|browser|all|screenshots]" >&2
	exit 2
	;;
esac
