"""Serve one site on the loopback interface for the browser tier: `frappe serve` without its 0.0.0.0.

    DEV_SERVER=1 ../env/bin/python serve.py <site> <port>     (run from <bench>/sites)

DEV_SERVER=1 (as `bench start` sets it) makes the desk connect to the socket.io server on the site's
`socketio_port` instead of the web server's own port. No reloader, no debugger; requests are threaded,
as a browser fetches many things at once."""

import sys

import frappe.app
from werkzeug.serving import run_simple


def main(site: str, port: int):
	frappe.app._site = site
	frappe.app._sites_path = "."
	application = frappe.app.application_with_statics()
	run_simple("127.0.0.1", port, application, threaded=True, use_reloader=False, use_debugger=False)


if __name__ == "__main__":
	main(sys.argv[1], int(sys.argv[2]))
